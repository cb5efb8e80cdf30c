import type { ServiceDeps } from '../deps';
import type { EvidenceStore, StoredFile } from '../../storage/evidence-store';
import { ALLOWED_TYPES_DESCRIPTION, detectFileType, sanitiseFileName } from './file-type';
import type { EvidenceFile } from '../../db/repositories/evidence-file-repository';
import { definitionOf, RECORD_TYPES, type RecordType } from '../records';
import { AppError, notFound, validationError } from '../../errors';

export interface EvidenceDeps extends ServiceDeps {
  evidenceStore: EvidenceStore;
  quotaBytes: number;
}

const messages = {
  noFile: 'Choose a file to upload.',
  notAllowed: (name: string) => `“${name}” is not a ${ALLOWED_TYPES_DESCRIPTION} file, judging by its content (whatever its name says). Save it in one of these formats and upload it again.`,
  fileNotFound: 'This evidence file does not exist, or is not in your portfolio.',
  recordNotFound: 'That record does not exist, or is not in your portfolio.',
};

/**
 * An upload that would take the portfolio past its space. The page words it with the sizes, in
 * the one size format of the presenters (which the domain does not import).
 */
export class QuotaExceededError extends AppError {
  constructor(
    readonly usedBytes: number,
    readonly quotaBytes: number,
  ) {
    const message = 'These files would take your portfolio past its space. Delete files you no longer need, or upload smaller ones.';
    super('validation', 422, message, { fields: { files: message } });
  }
}

export interface UploadedFile {
  stored: StoredFile;
  originalName: string;
}

/** "practice:12" → the record reference, or undefined when malformed. */
export function parseRecordReference(value: unknown): { type: RecordType; id: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const [type, id] = value.split(':');
  const number = Number(id);
  return (RECORD_TYPES as readonly string[]).includes(type ?? '') && Number.isSafeInteger(number) && number > 0 ? { type: type as RecordType, id: number } : undefined;
}

async function ownRecordOrFail(deps: EvidenceDeps, portfolioId: number, type: RecordType, id: number) {
  const record = await deps.repos.record.find(deps.db, definitionOf(type), portfolioId, id);
  if (!record) throw notFound(messages.recordNotFound);
  return record;
}

/** A file as added: `alreadyThere` when the portfolio held the same bytes before (it is linked, not added again). */
export type AddedEvidenceFile = EvidenceFile & { alreadyThere: boolean };

/**
 * Adds uploaded files to the owner's portfolio, optionally linked to a record. The bytes are
 * already in the store (content-addressed); each file is judged by its content, the quota is
 * checked, and the rows are written in one transaction. Files refused here are removed; files
 * whose row never commits are left to the store's cleanup.
 */
export async function addEvidenceFiles(deps: EvidenceDeps, ownerId: number, uploads: UploadedFile[], link?: { type: RecordType; id: number }): Promise<AddedEvidenceFile[]> {
  if (!uploads.length) throw validationError({ files: messages.noFile });
  const refused = uploads.filter((upload) => !detectFileType(upload.stored.head));
  if (refused.length) {
    // Refused content can never be referenced by a row (every row holds an allowed type).
    await Promise.all(refused.map((upload) => deps.evidenceStore.remove(upload.stored.sha256)));
    throw validationError({ files: messages.notAllowed(refused[0]!.originalName) });
  }
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  if (link) await ownRecordOrFail(deps, portfolio.id, link.type, link.id);
  return deps.db.transaction(async (trx) => {
    const used = await deps.repos.evidenceFile.totalBytes(trx, portfolio.id);
    // A file the portfolio holds already takes no more room: it is linked, not stored again.
    const held = await deps.repos.evidenceFile.heldHashes(
      trx,
      portfolio.id,
      uploads.map((upload) => upload.stored.sha256),
    );
    const fresh = new Map(uploads.filter((upload) => !held.has(upload.stored.sha256)).map((upload) => [upload.stored.sha256, upload.stored.size]));
    const adding = [...fresh.values()].reduce((sum, size) => sum + size, 0);
    if (used + adding > deps.quotaBytes) throw new QuotaExceededError(used, deps.quotaBytes);
    const files: AddedEvidenceFile[] = [];
    for (const upload of uploads) {
      const type = detectFileType(upload.stored.head)!;
      const { file, created } = await deps.repos.evidenceFile.insertOrFind(
        trx,
        { portfolioId: portfolio.id, sha256: upload.stored.sha256, name: sanitiseFileName(upload.originalName, type.extension), mediaType: type.mediaType, sizeBytes: upload.stored.size },
        deps.clock.now(),
      );
      if (link) await deps.repos.evidenceLink.link(trx, file.id, link.type, link.id);
      if (created)
        await deps.repos.audit.record(trx, {
          actorId: ownerId,
          action: 'evidence_file.uploaded',
          entityType: 'evidence_file',
          entityId: file.id,
          details: { sha256: file.sha256, size: file.sizeBytes },
          at: deps.clock.now(),
        });
      files.push({ ...file, alreadyThere: !created });
    }
    return files;
  });
}

/** The owner's file and portfolio, or not found (a file of another portfolio looks the same as none). */
export async function ownFile(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, fileId: number) {
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const file = await deps.repos.evidenceFile.find(deps.db, portfolio.id, fileId);
  if (!file) throw notFound(messages.fileNotFound);
  return { portfolio, file };
}

export interface FileWithLinks extends EvidenceFile {
  links: { type: RecordType; id: number }[];
}

/** The portfolio's files, each with the records it supports, and the space used. */
export async function listEvidenceFiles(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number): Promise<{ files: FileWithLinks[]; usedBytes: number }> {
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const files = await deps.repos.evidenceFile.list(deps.db, portfolio.id);
  const links = await deps.repos.evidenceLink.recordsForFiles(
    deps.db,
    files.map((file) => file.id),
  );
  return { files: files.map((file) => ({ ...file, links: links.get(file.id) ?? [] })), usedBytes: files.reduce((sum, file) => sum + file.sizeBytes, 0) };
}

export async function getEvidenceFile(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, fileId: number): Promise<FileWithLinks> {
  const { file } = await ownFile(deps, ownerId, fileId);
  const links = await deps.repos.evidenceLink.recordsForFiles(deps.db, [file.id]);
  return { ...file, links: links.get(file.id) ?? [] };
}

/** The files linked to one of the owner's records. */
export async function filesOfRecord(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, type: RecordType, recordId: number): Promise<EvidenceFile[]> {
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const ids = await deps.repos.evidenceLink.fileIdsForRecord(deps.db, type, recordId);
  return deps.repos.evidenceFile.listByIds(deps.db, portfolio.id, ids);
}

export async function unlinkEvidenceFile(deps: EvidenceDeps, ownerId: number, fileId: number, type: RecordType, recordId: number): Promise<void> {
  const { file } = await ownFile(deps, ownerId, fileId);
  await deps.db.transaction(async (trx) => {
    await deps.repos.evidenceLink.unlink(trx, file.id, type, recordId);
    await deps.repos.audit.record(trx, { actorId: ownerId, action: 'evidence_file.unlinked', entityType: 'evidence_file', entityId: file.id, details: { record: `${type}:${recordId}` }, at: deps.clock.now() });
  });
}

/** Deletes the file from the portfolio; its bytes go with the next cleanup if nothing else uses them. */
export async function deleteEvidenceFile(deps: EvidenceDeps, ownerId: number, fileId: number): Promise<void> {
  const { portfolio, file } = await ownFile(deps, ownerId, fileId);
  await deps.db.transaction(async (trx) => {
    await deps.repos.evidenceFile.remove(trx, portfolio.id, file.id);
    await deps.repos.audit.record(trx, { actorId: ownerId, action: 'evidence_file.deleted', entityType: 'evidence_file', entityId: file.id, details: { sha256: file.sha256, name: file.name }, at: deps.clock.now() });
  });
}

/** Removes stored files that no row refers to (and crashed uploads' temp files). */
export async function sweepEvidenceStore(deps: Pick<EvidenceDeps, 'db' | 'repos' | 'evidenceStore'>, olderThanMs?: number) {
  return deps.evidenceStore.sweep((hashes) => deps.repos.evidenceFile.referencedHashes(deps.db, hashes), olderThanMs === undefined ? {} : { olderThanMs });
}

/** At start-up: what processes killed mid-upload left behind (half-written files, files stored for rows never committed). */
export async function recoverEvidenceStore(deps: Pick<EvidenceDeps, 'db' | 'repos' | 'evidenceStore'>) {
  return deps.evidenceStore.recoverAbandoned((hashes) => deps.repos.evidenceFile.referencedHashes(deps.db, hashes));
}
