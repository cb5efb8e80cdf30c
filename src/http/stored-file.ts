import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { EvidenceStore } from '../storage/evidence-store';

/**
 * Streams a stored file into the response (never whole in memory, from disk or a bucket). A file
 * missing before the first byte rejects, for the error page; a failure midway ends the response,
 * since its headers are gone.
 */
export async function sendStoredFile(store: EvidenceStore, sha256: string, res: Response): Promise<void> {
  const stream = await store.openRead(sha256);
  await pipeline(stream, res).catch((error: unknown) => {
    if (!res.headersSent) throw error;
    res.destroy();
  });
}
