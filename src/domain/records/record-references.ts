import type { ServiceDeps } from '../deps';
import { definitionOf, type RecordType } from '.';
import { portfolioOf } from '../portfolio/portfolio-service';
import { confirmationStatuses } from '../signoff/signoff-service';
import type { ConfirmationStatus } from '../signoff/confirmation-status';

/** A record named by "type:id", as a page lists it: its link, its one-line description and its log. */
export interface DescribedRecord {
  ref: string;
  href: string;
  text: string;
  log: string;
  /** A supervision record's confirmation status, beside it wherever it is listed. */
  status?: ConfirmationStatus;
}

/**
 * Record refs ("practice:12") → described records, in order, loading each log once; refs to
 * records that no longer exist are left out. The portfolio is the caller's own (from its evaluation).
 */
export async function describeRecordRefs(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, portfolioId: number, refs: string[]): Promise<DescribedRecord[]> {
  const byType = new Map<RecordType, Map<number, { text: string; status?: ConfirmationStatus }>>();
  const described: DescribedRecord[] = [];
  for (const ref of refs) {
    const [type, id] = ref.split(':') as [RecordType, string];
    if (!byType.has(type)) {
      const definition = definitionOf(type);
      const records = await deps.repos.record.list(deps.db, definition, portfolioId);
      const statuses = type === 'supervision' ? await confirmationStatuses(deps.repos, deps.db, portfolioId, records, deps.clock.now()) : undefined;
      byType.set(type, new Map(records.map((record) => [record.id, { text: definition.describe(record.values), status: statuses?.get(record.id) }])));
    }
    const found = byType.get(type)!.get(Number(id));
    if (found) described.push({ ref, href: `${definitionOf(type).path}/${id}`, text: found.text, log: definitionOf(type).names.nav, ...(found.status ? { status: found.status } : {}) });
  }
  return described;
}

/** The owner's records these links name, each with its link and "Log: description"; links to records gone are left out. */
export async function describeLinkedRecords<Link extends { type: RecordType; id: number }>(
  deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>,
  ownerId: number,
  links: Link[],
): Promise<(Link & { href: string; label: string })[]> {
  const portfolio = await portfolioOf(deps, ownerId);
  const described = [];
  for (const link of links) {
    const definition = definitionOf(link.type);
    const record = await deps.repos.record.find(deps.db, definition, portfolio.id, link.id);
    if (record) described.push({ ...link, href: `${definition.path}/${link.id}`, label: `${definition.names.log}: ${definition.describe(record.values)}` });
  }
  return described;
}
