import type { ServiceDeps } from '../deps';
import { definitionOf, RECORD_DEFINITIONS, type RecordDefinition, type RecordType, type RecordValues } from '../records';
import { formatHours, formatIsoDate } from '../dates';
import { shortened } from '../short-text';
import { notFound } from '../../errors';
import { ownFile, parseRecordReference } from './evidence-service';

/** How many records of each log the checklist lists: the newest matching; a filter finds the others. */
export const LINK_CHOICES_PER_LOG = 50;

const messages = {
  recordNotFound: 'One of these records does not exist, or is not in your portfolio. Open the file again and save.',
};

/** One line of the checklist: a record by its date, who it was with, and what it was. */
export interface LinkChoice {
  ref: string;
  href: string;
  date: string;
  who: string;
  what: string;
  linked: boolean;
}

export interface LinkChoiceGroup {
  type: RecordType;
  log: string;
  choices: LinkChoice[];
  /** How many records of this log match the filter (more than listed when past LINK_CHOICES_PER_LOG). */
  matching: number;
}

export interface LinkFilter {
  /** Words to find in a record's text: a client code, a supervisor's name, a title, notes. */
  text?: string;
  type?: RecordType;
}

const choiceLabel = (definition: RecordDefinition, field: string, value: unknown) => definition.fields.find((spec) => spec.name === field)?.choices?.labels[String(value)] ?? String(value ?? '');
const text = (value: unknown, max: number) => (value ? shortened(String(value), max) : '');

/** Who a record was with and what it was, in a few words, by log. */
function whoAndWhat(definition: RecordDefinition, v: RecordValues): { who: string; what: string } {
  const label = (field: string) => choiceLabel(definition, field, v[field]);
  switch (definition.type) {
    case 'practice':
      return { who: `Client ${v.clientCode}`, what: `${formatHours(v.hours as number)}, ${label('format').toLowerCase()} ${label('practiceKind').toLowerCase()}` };
    case 'supervision':
      return { who: String(v.supervisorName), what: [`${formatHours(v.hours as number)}, ${label('format').toLowerCase()}`, text(v.themes, 60)].filter(Boolean).join(': ') };
    case 'cpd':
      return { who: text(v.provider, 40), what: `${text(v.title, 60)} (${formatHours(v.hours as number)})` };
    case 'contribution':
      return { who: label('kind'), what: text(v.title, 60) };
    case 'feedback':
      return { who: `Client ${v.clientCode}`, what: `${label('channel')}: ${text(v.summary, 60)}` };
    case 'reflection':
      return { who: label('kind'), what: text(v.title, 60) };
    case 'supervision_practice':
      return { who: `Supervisee ${v.superviseeCode}`, what: `${formatHours(v.hours as number)}, ${label('format').toLowerCase()}` };
  }
}

/**
 * The owner's records to tick for a file, grouped by log (newest first, at most
 * LINK_CHOICES_PER_LOG a log), those the file supports already ticked; logs with no match are left out.
 */
export async function linkChoices(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, fileId: number, filter: LinkFilter = {}): Promise<LinkChoiceGroup[]> {
  const { portfolio, file } = await ownFile(deps, ownerId, fileId);
  const linked = new Set(((await deps.repos.evidenceLink.recordsForFiles(deps.db, [file.id])).get(file.id) ?? []).map((link) => `${link.type}:${link.id}`));
  const groups: LinkChoiceGroup[] = [];
  for (const definition of RECORD_DEFINITIONS) {
    if (filter.type && filter.type !== definition.type) continue;
    const { records, totals } = await deps.repos.record.page(deps.db, definition, portfolio.id, { text: filter.text, limit: LINK_CHOICES_PER_LOG });
    if (!records.length) continue;
    const choices = records.map((record) => {
      const ref = `${definition.type}:${record.id}`;
      const date = String(record.values[definition.dateField]);
      return { ref, href: `${definition.path}/${record.id}`, date: formatIsoDate(date), ...whoAndWhat(definition, record.values), linked: linked.has(ref) };
    });
    groups.push({ type: definition.type, log: definition.names.log, choices, matching: totals.count });
  }
  return groups;
}

/**
 * Saves the checklist in one transaction: of the records it showed, the ticked ones are linked
 * and the others unlinked; records it did not show keep their links. Each change is audited.
 */
export async function saveFileLinks(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, fileId: number, shown: string[], ticked: string[]): Promise<{ linked: number; unlinked: number }> {
  const { portfolio, file } = await ownFile(deps, ownerId, fileId);
  const references = [...new Set(shown)].map((ref) => parseRecordReference(ref) ?? notFoundRecord());
  const wanted = new Set(ticked);
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const before = new Set(((await deps.repos.evidenceLink.recordsForFiles(trx, [file.id])).get(file.id) ?? []).map((link) => `${link.type}:${link.id}`));
    const changed = { linked: 0, unlinked: 0 };
    for (const { type, id } of references) {
      if (!(await deps.repos.record.find(trx, definitionOf(type), portfolio.id, id))) notFoundRecord();
      const ref = `${type}:${id}`;
      if (wanted.has(ref) === before.has(ref)) continue;
      if (wanted.has(ref)) await deps.repos.evidenceLink.link(trx, file.id, type, id);
      else await deps.repos.evidenceLink.unlink(trx, file.id, type, id);
      changed[wanted.has(ref) ? 'linked' : 'unlinked'] += 1;
      await deps.repos.audit.record(trx, {
        actorId: ownerId,
        action: wanted.has(ref) ? 'evidence_file.linked' : 'evidence_file.unlinked',
        entityType: 'evidence_file',
        entityId: file.id,
        details: { record: ref },
        at: now,
      });
    }
    return changed;
  });
}

function notFoundRecord(): never {
  throw notFound(messages.recordNotFound);
}
