import { failpoint } from '../../failpoints';
import type { ServiceDeps } from '../deps';
import { definitionOf, type RecordValues } from '../records';
import { validateRecord } from '../records/record-validation';
import type { ImportBatch } from '../../db/repositories/import-batch-repository';
import { conflict, notFound, validationError } from '../../errors';
import { formatIsoDate, isoDay } from '../dates';
import { createHash } from 'node:crypto';
import { readTable, type TableLimits } from './read-table';
import { prepareImport } from './prepare-import';
import { ImportFileError } from './import-file-error';
import type { ImportKind } from './prepared-import';
import { attendeeCodesOf } from './calendar/stored-calendar';
import type { CalendarReadLimits } from './calendar/read-calendar-in-worker';

const messages = {
  notFound: 'This import does not exist any more (previews are kept for a day). Upload the file again.',
  alreadyImported: (batch: ImportBatch) =>
    `This file was already imported on ${formatIsoDate(isoDay(batch.committedAt!))}: ${batch.committedCount === 1 ? '1 record' : `${batch.committedCount ?? 0} records`}. ` +
    'Nothing was imported now. If you deleted those records and want them back, tick “Import this file again” and confirm.',
  hasErrors: (count: number) => `${count === 1 ? 'One row has a problem' : `${count} rows have problems`}: fix ${count === 1 ? 'it' : 'them'} in your file and upload it again. Nothing has been imported.`,
};

/**
 * What makes two records "the same" for an import: a re-imported or overlapping file must
 * not double the hours. Practice: same date, client code and hours (as EMCC logs are kept).
 */
export const duplicateKey: Record<ImportKind, (values: RecordValues) => string> = {
  practice: (v) => `${v.date}|${String(v.clientCode).toLowerCase()}|${Number(v.hours).toFixed(2)}`,
  supervision: (v) => `${v.date}|${String(v.supervisorName).toLowerCase()}|${Number(v.hours).toFixed(2)}`,
  cpd: (v) => `${v.endDate}|${String(v.title).toLowerCase()}|${Number(v.hours).toFixed(2)}`,
};

/** What an import needs: the services, and how much of a file it may read. */
export type { ImportBatch } from '../../db/repositories/import-batch-repository';

export interface ImportDeps extends ServiceDeps {
  parseLimits: TableLimits & CalendarReadLimits;
}

/** The duplicate keys of the records of a kind already in the portfolio. */
export async function existingDuplicateKeys(deps: Pick<ServiceDeps, 'db' | 'repos'>, kind: ImportKind, portfolioId: number): Promise<Set<string>> {
  return new Set((await deps.repos.record.list(deps.db, definitionOf(kind), portfolioId)).map((record) => duplicateKey[kind](record.values)));
}

export interface ImportUpload {
  kind: ImportKind;
  clientCodeRule: 'initials' | 'hash';
  fileName: string;
  bytes: Buffer;
}

/** Reads and checks an uploaded log, marks rows already in the portfolio, and keeps it for preview. */
export async function previewImport(deps: ImportDeps, ownerId: number, upload: ImportUpload): Promise<ImportBatch> {
  const now = deps.clock.now();
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, now);
  let prepared;
  try {
    const table = await readTable(upload.bytes, upload.fileName, deps.parseLimits);
    prepared = prepareImport(table, { kind: upload.kind, clientCodeRule: upload.clientCodeRule, salt: portfolio.clientCodeSalt, today: isoDay(now) });
  } catch (error) {
    if (error instanceof ImportFileError) throw validationError({ file: error.message });
    throw error;
  }
  const existing = await existingDuplicateKeys(deps, upload.kind, portfolio.id);
  const rows = prepared.rows.map((row) => ({ ...row, duplicate: existing.has(duplicateKey[upload.kind](row.values)) }));
  const contentSha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const batch = {
    portfolioId: portfolio.id,
    kind: upload.kind,
    layout: prepared.layout,
    fileName: upload.fileName.slice(0, 200),
    contentSha256,
    rows,
    errors: prepared.errors,
    ignoredColumns: prepared.ignoredColumns,
    calendar: null,
  };
  const id = await deps.repos.importBatch.insert(deps.db, batch, now);
  // The stored preview is this object; reading 10,000 rows back would only cost time.
  return { ...batch, id, createdAt: now, committedAt: null, committedCount: null };
}

export async function getImportBatch(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, batchId: number): Promise<ImportBatch> {
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const batch = await deps.repos.importBatch.find(deps.db, portfolio.id, batchId);
  if (!batch) throw notFound(messages.notFound);
  return batch;
}

/** The earlier import of the same file, if the batch's file was already imported into the portfolio. */
export async function earlierImportOf(deps: Pick<ServiceDeps, 'db' | 'repos'>, batch: ImportBatch): Promise<ImportBatch | undefined> {
  return batch.contentSha256 && !batch.committedAt ? deps.repos.importBatch.committedWithHash(deps.db, batch.portfolioId, batch.contentSha256, batch.id) : undefined;
}

/**
 * Saves every new row of a checked import in one transaction, or nothing. A batch with
 * problems is refused; confirming twice imports once (the second answer repeats the first).
 * Commits of one portfolio wait for each other (a lock on its row), so what counts as already
 * in the portfolio is read again inside the transaction: two previews of one file committed at
 * once store its rows once. A file imported before is refused unless `again` says to.
 */
export async function commitImport(deps: ServiceDeps, ownerId: number, batchId: number, options: { again?: boolean } = {}): Promise<{ batch: ImportBatch; imported: number; duplicates: number }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const portfolio = await deps.repos.portfolio.findOrCreate(trx, ownerId, now);
    await deps.repos.portfolio.lock(trx, portfolio.id);
    const batch = await deps.repos.importBatch.find(trx, portfolio.id, batchId, { forUpdate: true });
    if (!batch) throw notFound(messages.notFound);
    if (batch.committedAt) return { batch, imported: batch.committedCount ?? 0, duplicates: batch.rows.length - (batch.committedCount ?? 0) };
    if (batch.errors.length) throw conflict(messages.hasErrors(new Set(batch.errors.map((error) => error.rowNumber)).size));
    const earlier = options.again ? undefined : await earlierImportOf({ db: trx, repos: deps.repos }, batch);
    if (earlier) throw conflict(messages.alreadyImported(earlier));
    const definition = definitionOf(batch.kind);
    const today = isoDay(now);
    const key = duplicateKey[batch.kind];
    const existing = new Set((await deps.repos.record.list(trx, definition, portfolio.id)).map((record) => key(record.values)));
    const fresh = batch.rows.filter((row) => !existing.has(key(row.values)));
    const duplicates = batch.rows.length - fresh.length;
    // Checked again as the rules stand now: the same schema and rules as the form.
    const values = fresh.map((row) => validateRecord(definition, row.values, today));
    await deps.repos.record.insertMany(trx, definition, portfolio.id, values, now);
    await deps.repos.importBatch.markCommitted(trx, batch.id, values.length, now);
    // A calendar's attendees mapped to client codes are recognised next time (by a salted hash only).
    await deps.repos.calendarAttendee.save(trx, portfolio.id, attendeeCodesOf(batch.calendar), now);
    await failpoint('import-commit');
    await deps.repos.audit.record(trx, {
      actorId: ownerId,
      action: 'import.committed',
      entityType: 'import_batch',
      entityId: batch.id,
      details: { kind: batch.kind, layout: batch.layout, imported: values.length, duplicates },
      at: now,
    });
    return { batch: { ...batch, committedAt: now, committedCount: values.length }, imported: values.length, duplicates };
  });
}
