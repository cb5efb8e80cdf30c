import { Writable } from 'node:stream';
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { PortfolioSnapshot } from '../domain/snapshot/snapshot';
import type { PdfIdentity } from '../domain/snapshot/snapshot-renderer';
import { openEvidenceStore, type EvidenceStoreSettings } from '../storage/evidence-store-settings';
import type { ParseLimits } from '../validation/parse-limits';
import { snapshotPdfRenderer } from './snapshot-pdf';
import { toThreadError, type ThreadError } from './thread-error';

/** One render, as plain data (structured clone keeps identity.documentDate a Date). */
export interface RenderJob {
  snapshot: PortfolioSnapshot;
  sha256: string;
  identity: PdfIdentity;
  evidenceStore: EvidenceStoreSettings;
  parseLimits: ParseLimits;
  baseUrl: string;
}

/** What the main thread sends: a render, or the number of chunks it has passed on (so more may come). */
export type ToThread = { render: RenderJob } | { ack: number };
/** What the thread sends: the PDF's bytes in order, then done or failed. */
export type FromThread = { chunk: ArrayBuffer } | { done: true } | { failed: ThreadError };

/** pdfkit writes many small pieces: they travel in chunks of this size (fewer messages). */
const CHUNK_BYTES = 64 * 1024;
/** Chunks sent and not yet passed on by the main thread: past this, the render waits (with pdfkit's own buffer, about 1.5 MB in all). */
const CHUNKS_IN_FLIGHT = 8;

/**
 * The render's output in this thread: gathers pdfkit's pieces into chunks, transfers each to the
 * main thread, and holds the render back while CHUNKS_IN_FLIGHT of them are unacknowledged (the
 * main thread acknowledges a chunk once its reader has taken it), so a slow reader never makes
 * the PDF pile up in memory.
 */
class ChunkSender extends Writable {
  private pieces: Buffer[] = [];
  private bytes = 0;
  private inFlight = 0;
  private waiting: (() => void) | undefined;

  constructor(private readonly port: MessagePort) {
    super();
  }

  override _write(piece: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.pieces.push(piece);
    this.bytes += piece.length;
    if (this.bytes >= CHUNK_BYTES) this.send();
    this.proceed(done);
  }

  override _final(done: (error?: Error | null) => void): void {
    if (this.bytes > 0) this.send();
    done();
  }

  acknowledged(chunks: number): void {
    this.inFlight -= chunks;
    this.proceed(this.waiting);
  }

  private proceed(done: (() => void) | undefined): void {
    this.waiting = undefined;
    if (!done) return;
    if (this.inFlight < CHUNKS_IN_FLIGHT) done();
    else this.waiting = done;
  }

  private send(): void {
    // A fresh ArrayBuffer (not Node's shared pool), so it can be transferred rather than copied.
    const chunk = new Uint8Array(this.bytes);
    let at = 0;
    for (const piece of this.pieces) {
      chunk.set(piece, at);
      at += piece.length;
    }
    this.pieces = [];
    this.bytes = 0;
    this.inFlight += 1;
    this.port.postMessage({ chunk: chunk.buffer } satisfies FromThread, [chunk.buffer]);
  }
}

async function render(port: MessagePort, job: RenderJob, out: ChunkSender): Promise<void> {
  try {
    const renderer = snapshotPdfRenderer({ evidenceStore: openEvidenceStore(job.evidenceStore), parseLimits: job.parseLimits, baseUrl: job.baseUrl });
    await renderer(job.snapshot, job.sha256, job.identity, out);
    // The renderer ends its output (pdfkit's pipeline); one that does not is finished all the same.
    if (!out.writableEnded) out.end();
    await new Promise<void>((resolve, reject) => (out.writableFinished ? resolve() : out.once('finish', resolve).once('error', reject)));
    port.postMessage({ done: true } satisfies FromThread);
  } catch (error) {
    port.postMessage({ failed: toThreadError(error) } satisfies FromThread);
  }
}

/**
 * The application PDF's render thread (started by snapshot-pdf-thread.ts): renders each job it is
 * sent with snapshotPdfRenderer, one at a time, streaming the bytes back. pdfkit, pdf-lib and the
 * fonts are loaded here, never on the main thread.
 */
if (parentPort) {
  const port = parentPort;
  let out: ChunkSender | undefined;
  port.on('message', (message: ToThread) => {
    if ('ack' in message) out?.acknowledged(message.ack);
    else {
      out = new ChunkSender(port);
      void render(port, message.render, out);
    }
  });
}
