import type { EvidenceStore } from '../../src/storage/evidence-store';
import { LocalEvidenceStore } from '../../src/storage/local-evidence-store';

/** Where a test app's store keeps a file on disk (the tests' stores are folders unless they say otherwise). */
export function localPath(deps: { evidenceStore: EvidenceStore }, sha256: string): string {
  if (!(deps.evidenceStore instanceof LocalEvidenceStore)) throw new Error('This test needs the evidence store in a folder.');
  return deps.evidenceStore.path(sha256);
}
