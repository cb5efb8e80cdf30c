import path from 'node:path';
import type { Config } from '../config';
import type { EvidenceStore } from './evidence-store';
import { LocalEvidenceStore } from './local-evidence-store';
import { S3EvidenceStore, type S3StoreOptions } from './s3-evidence-store';

/**
 * Which evidence store to open, as plain data: a worker thread (the PDF renderer's) opens its own
 * store from these, since a store object cannot be sent to another thread.
 */
export type EvidenceStoreSettings = { kind: 'local'; root: string } | ({ kind: 's3' } & S3StoreOptions);

/** The configured store: a folder at `root`, or a bucket with its upload spool in that folder. */
export function evidenceStoreSettings(storage: Config['storage'], root: string): EvidenceStoreSettings {
  if (storage.kind === 'local') return { kind: 'local', root };
  return { ...storage, spool: path.join(root, 'tmp') };
}

/** The store those settings name (an S3 store loads its SDK only when first used). */
export function openEvidenceStore(settings: EvidenceStoreSettings): EvidenceStore {
  return settings.kind === 'local' ? new LocalEvidenceStore({ root: settings.root }) : new S3EvidenceStore(settings);
}
