import type { ServiceDeps } from '../deps';
import type { Db } from '../../db/knex';
import type { Repositories } from '../../db/repositories';
import { notFound, validationError } from '../../errors';
import type { RecordFilter, RecordTotals } from '../../db/repositories/record-repository';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import { validateRecord } from './record-validation';
import { definitionOf, type RecordDefinition, type RecordType, type RecordValues, type StoredRecord } from '.';
import { isoDay } from '../dates';
import { voidAnswersOnChange } from '../signoff/signoff-service';
import { portfolioOf } from '../portfolio/portfolio-service';
import type { LogTotalsCache } from './log-totals-cache';

const messages = {
  notFound: (definition: RecordDefinition) => `This ${definition.names.one} does not exist, or is not in your portfolio.`,
  badLink: 'One of the linked records is not in your portfolio any more. Choose again.',
};

async function ownPortfolio(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, db: Db, ownerId: number): Promise<Portfolio> {
  return deps.repos.portfolio.findOrCreate(db, ownerId, deps.clock.now());
}

/** Reflections may only link records of the same portfolio. */
async function checkLinks(repos: Repositories, db: Db, portfolioId: number, values: RecordValues): Promise<void> {
  const links = (values.linkedRecords as string[] | undefined) ?? [];
  const byType = new Map<RecordType, number[]>();
  for (const link of links) {
    const [type, id] = link.split(':') as [RecordType, string];
    byType.set(type, [...(byType.get(type) ?? []), Number(id)]);
  }
  for (const [type, ids] of byType) {
    const existing = await repos.record.existingIds(db, definitionOf(type), portfolioId, ids);
    if (ids.some((id) => !existing.has(id))) throw validationError({ linkedRecords: messages.badLink });
  }
}

export type { RecordFilter } from '../../db/repositories/record-repository';

/** Every record of one log of this portfolio (the caller has it from the owner's own evaluation or page). */
export const allRecords = (deps: Pick<ServiceDeps, 'db' | 'repos'>, portfolioId: number, type: RecordType): Promise<StoredRecord[]> => deps.repos.record.list(deps.db, definitionOf(type), portfolioId);

export interface RecordPage {
  records: StoredRecord[];
  totals: RecordTotals;
}

/** A page of one log, with the totals over everything the filter matches (kept between changes when a cache is given). */
export async function listRecords(
  deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'> & { logTotals?: LogTotalsCache },
  ownerId: number,
  type: RecordType,
  filter: RecordFilter,
  /** The owner's portfolio as this request read it already (see portfolioOf). */
  readAlready?: Portfolio,
): Promise<RecordPage> {
  const definition = definitionOf(type);
  const portfolio = await portfolioOf(deps, ownerId, readAlready);
  const known = deps.logTotals?.get(portfolio, type, filter);
  const page = await deps.repos.record.page(deps.db, definition, portfolio.id, filter, known);
  if (!known) deps.logTotals?.set(portfolio, type, filter, page.totals);
  return page;
}

/** One of the owner's records; another person's id is "not found". */
export async function getRecord(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, type: RecordType, id: number): Promise<StoredRecord> {
  const definition = definitionOf(type);
  const portfolio = await ownPortfolio(deps, deps.db, ownerId);
  const record = await deps.repos.record.find(deps.db, definition, portfolio.id, id);
  if (!record) throw notFound(messages.notFound(definition));
  return record;
}

export async function createRecord(deps: ServiceDeps, ownerId: number, type: RecordType, input: unknown): Promise<StoredRecord> {
  const definition = definitionOf(type);
  const now = deps.clock.now();
  const values = validateRecord(definition, input, isoDay(now));
  return deps.db.transaction(async (trx) => {
    const portfolio = await ownPortfolio(deps, trx, ownerId);
    await checkLinks(deps.repos, trx, portfolio.id, values);
    const id = await deps.repos.record.insert(trx, definition, portfolio.id, values, now);
    await deps.repos.audit.record(trx, { actorId: ownerId, action: `${type}.created`, entityType: type, entityId: id, at: now });
    return (await deps.repos.record.find(trx, definition, portfolio.id, id))!;
  });
}

export async function updateRecord(deps: ServiceDeps, ownerId: number, type: RecordType, id: number, input: unknown): Promise<StoredRecord> {
  const definition = definitionOf(type);
  const now = deps.clock.now();
  const values = validateRecord(definition, input, isoDay(now));
  return deps.db.transaction(async (trx) => {
    const portfolio = await ownPortfolio(deps, trx, ownerId);
    const before = await deps.repos.record.find(trx, definition, portfolio.id, id);
    if (!before) throw notFound(messages.notFound(definition));
    await checkLinks(deps.repos, trx, portfolio.id, values);
    await deps.repos.record.update(trx, definition, portfolio.id, id, values, now);
    await deps.repos.audit.record(trx, { actorId: ownerId, action: `${type}.updated`, entityType: type, entityId: id, details: { before: before.values }, at: now });
    // A supervisor confirmed the record as it was: a change voids that, visibly and in the log.
    if (type === 'supervision') await voidAnswersOnChange(deps.repos, trx, ownerId, before, { edited: values }, now);
    return (await deps.repos.record.find(trx, definition, portfolio.id, id))!;
  });
}

/** Deletes a record with its file links and the reflections' references to it. */
export async function deleteRecord(deps: ServiceDeps, ownerId: number, type: RecordType, id: number): Promise<void> {
  const definition = definitionOf(type);
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const portfolio = await ownPortfolio(deps, trx, ownerId);
    const before = await deps.repos.record.find(trx, definition, portfolio.id, id);
    if (!before) throw notFound(messages.notFound(definition));
    if (type === 'supervision') await voidAnswersOnChange(deps.repos, trx, ownerId, before, 'deleted', now);
    await deps.repos.record.remove(trx, definition, portfolio.id, id);
    await deps.repos.evidenceLink.removeForRecord(trx, type, id);
    await deps.repos.record.unlinkFromReflections(trx, portfolio.id, `${type}:${id}`);
    await deps.repos.audit.record(trx, { actorId: ownerId, action: `${type}.deleted`, entityType: type, entityId: id, details: { before: before.values }, at: now });
  });
}
