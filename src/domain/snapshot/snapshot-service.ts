import { RECORD_DEFINITIONS, type RecordDefinition, type RecordType, type StoredRecord } from '../records';
import { proposedText, type ConfirmationStatus } from '../signoff/confirmation-status';
import { confirmationStatuses } from '../signoff/signoff-service';
import { applicantName } from '../signoff/signoff-shared';
import { portfolioAndSet, type EvaluationDeps } from '../portfolio/evaluation-service';
import { evaluate } from '../evaluation/evaluate';
import { toEvidence } from '../evaluation/to-evidence';
import type { CriteriaSet } from '../criteria/criteria-set';
import type { Evaluation } from '../evaluation/evaluation';
import { isAppended } from '../evidence/appendix-choice';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import { validationError } from '../../errors';
import { canonicalHash } from './canonical-json';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type PortfolioSnapshot, type SnapshotConfirmation, type SnapshotDeclaration, type SnapshotFile, type SnapshotRecord, type SnapshotRenewal } from './snapshot';

const messages = {
  unknownLevel: (level: string, set: CriteriaSet) => `“${level}” is not a level of ${set.title}. Choose one of: ${set.levels.map((each) => each.label).join(', ')}.`,
};

/** Fields kept out of every snapshot: notes the form calls "for you" never reach an assessor. */
const PRIVATE_FIELDS: Partial<Record<RecordType, string[]>> = { practice: ['notes'] };

/** The date a record counts on (a range of sessions and CPD on their end date), as the evaluation uses it. */
const countingDate = (definition: RecordDefinition, record: StoredRecord) => String(record.values.endDate ?? record.values[definition.dateField]);

function snapshotRecord(definition: RecordDefinition, record: StoredRecord): SnapshotRecord {
  const values = { ...record.values };
  for (const field of PRIVATE_FIELDS[definition.type] ?? []) delete values[field];
  return { id: record.id, ...values };
}

/** A confirmation status in clock-free terms: who answered, when, and the content hash they confirmed. */
export function snapshotConfirmation(status: ConfirmationStatus): SnapshotConfirmation {
  const on = status.on ?? undefined;
  const answer = status.answer;
  if (!answer || status.state === 'awaiting_answer' || status.state === 'request_expired' || status.state === 'request_revoked') return { state: status.state, ...(on ? { on } : {}) };
  const answered = { by: answer.signerName ?? undefined, on };
  switch (status.state) {
    case 'confirmed':
      return { state: 'confirmed', ...answered, contentHash: answer.contentHash };
    case 'correction_accepted':
      return { state: 'correction_accepted', ...answered, contentHash: answer.contentHash, reason: `proposed ${proposedText(answer)}` };
    case 'declined':
      return { state: 'declined', ...answered, reason: answer.reason ?? undefined };
    case 'changed_after_answer':
      return { state: 'changed_after_answer', ...answered, reason: answer.voidReason ?? 'changed after the supervisor’s answer' };
    case 'correction_proposed': {
      const proposed = proposedText(answer);
      return { state: 'correction_proposed', ...answered, reason: [proposed && `proposed ${proposed}`, answer.reason].filter(Boolean).join('; ') || undefined };
    }
    default:
      return { state: status.state };
  }
}

/** The level asked for, or the message that it is not one of the set's. */
export function askedLevel(set: CriteriaSet, asked: string) {
  const level = set.levels.find((each) => each.id === asked);
  if (!level) throw validationError({ level: messages.unknownLevel(asked, set) });
  return level;
}

/** The level applied for: the one asked, else the one aimed at, else the next one to reach. */
function chooseLevel(set: CriteriaSet, evaluation: Evaluation, asked: string | undefined, aimed: string | null) {
  if (asked !== undefined) return askedLevel(set, asked);
  const highest = set.levels.findIndex((each) => each.id === evaluation.highestLevelMet);
  return set.levels.find((each) => each.id === aimed) ?? set.levels[Math.min(highest + 1, set.levels.length - 1)]!;
}

/** The files that support a record of the snapshot or that the applicant chose to append, numbered E1, E2 … */
async function snapshotFiles(deps: EvaluationDeps, portfolioId: number, included: Set<string>): Promise<SnapshotFile[]> {
  const files = (await deps.repos.evidenceFile.list(deps.db, portfolioId)).sort((a, b) => a.id - b.id);
  const links = await deps.repos.evidenceLink.recordsForFiles(
    deps.db,
    files.map((file) => file.id),
  );
  return files
    .map((file) => {
      const supports = (links.get(file.id) ?? []).map((link) => `${link.type}:${link.id}`).filter((ref) => included.has(ref));
      return { file, supports, appended: isAppended(file.appendixChoice, supports.length) };
    })
    .filter((each) => each.supports.length > 0 || each.appended)
    .map(({ file, supports, appended }, index) => ({ ref: `E${index + 1}`, id: file.id, name: file.name, mediaType: file.mediaType, sizeBytes: file.sizeBytes, sha256: file.sha256, links: supports, appended }));
}

/** The set's declarations in the applicant's words, made (by whom, when) at submission, or not yet. */
function snapshotDeclarations(set: CriteriaSet, made: SnapshotDeclaration['made']): SnapshotDeclaration[] {
  return (set.declarations ?? []).map((declaration) => {
    const source = set.sources.find((each) => each.id === declaration.source);
    return { id: declaration.id, title: declaration.title, text: declaration.text, source: { title: source?.title ?? declaration.source, ...(source?.url ? { url: source.url } : {}) }, made };
  });
}

async function snapshotRecords(deps: EvaluationDeps, portfolio: Portfolio, asOf: string): Promise<PortfolioSnapshot['records']> {
  const lists = await Promise.all(
    RECORD_DEFINITIONS.map(async (definition) => {
      // A page at a time: a 10,000-entry log read at once held the embedded database's thread for 150–300 ms.
      const stored = await deps.repos.record.listInPages(deps.db, definition, portfolio.id);
      return [definition, stored.filter((record) => countingDate(definition, record) <= asOf)] as const;
    }),
  );
  const records = {} as Record<RecordType, SnapshotRecord[]>;
  let supervision: StoredRecord[] = [];
  for (const [definition, stored] of lists) {
    records[definition.type] = stored.map((record) => snapshotRecord(definition, record));
    if (definition.type === 'supervision') supervision = stored;
  }
  const statuses = await confirmationStatuses(deps.repos, deps.db, portfolio.id, supervision, deps.clock.now());
  return { ...records, supervision: records.supervision.map((record) => ({ ...record, confirmation: snapshotConfirmation(statuses.get(record.id)!) })) };
}

/**
 * Evaluates a snapshot on exactly the records it holds, on its own date: how a snapshot is
 * evaluated when it is taken, and how a frozen submission can be evaluated again, years later.
 */
export function evaluateSnapshot(set: CriteriaSet, snapshot: Pick<PortfolioSnapshot, 'asOf' | 'applicant' | 'records'>): Evaluation {
  const { applicant } = snapshot;
  const portfolio = { firstPracticeDate: applicant.firstPracticeDate ?? null, emccMembershipNumber: applicant.emccMembershipNumber ?? null, displayName: applicant.name };
  return evaluate(set, toEvidence(portfolio, snapshot.records), snapshot.asOf);
}

export interface SnapshotOptions {
  asOf?: string;
  level?: string;
  /** When the applicant made the declarations (at submission); a draft has none made. */
  declaredAt?: Date;
  /** The criteria set to evaluate against (the portfolio's own by default; a renewal's set for a renewal). */
  setId?: string;
  /** The award a renewal application renews. */
  renewal?: SnapshotRenewal;
}

/**
 * The owner's portfolio as a snapshot on a date (today by default) for a level: the records it
 * holds are exactly those the evaluation counts on or before that date, and the evaluation is
 * made once, from them. Returns the snapshot and the SHA-256 of its canonical JSON.
 */
export async function takeSnapshot(deps: EvaluationDeps, ownerId: number, options: SnapshotOptions = {}): Promise<{ snapshot: PortfolioSnapshot; sha256: string }> {
  const { portfolio, set, asOf } = await portfolioAndSet(deps, ownerId, { asOf: options.asOf, ...(options.setId ? { setId: options.setId } : {}) });
  const records = await snapshotRecords(deps, portfolio, asOf);
  const included = new Set(Object.entries(records).flatMap(([type, list]) => list.map((record) => `${type}:${record.id}`)));
  const applicant: PortfolioSnapshot['applicant'] = { name: (await applicantName(deps.repos, deps.db, portfolio.id)).name };
  if (portfolio.emccMembershipNumber) applicant.emccMembershipNumber = portfolio.emccMembershipNumber;
  if (portfolio.firstPracticeDate) applicant.firstPracticeDate = portfolio.firstPracticeDate;
  if (portfolio.practiceRole) applicant.practiceRole = portfolio.practiceRole;
  const evaluation = evaluateSnapshot(set, { asOf, applicant, records });
  const level = chooseLevel(set, evaluation, options.level, portfolio.targetLevel);
  const snapshot: PortfolioSnapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    asOf,
    applicant,
    criteriaSet: evaluation.criteriaSet,
    level: { id: level.id, label: level.label },
    records,
    files: await snapshotFiles(deps, portfolio.id, included),
    declarations: snapshotDeclarations(set, options.declaredAt ? { by: applicant.name, at: options.declaredAt.toISOString() } : null),
    evaluation: {
      highestLevelMet: evaluation.highestLevelMet,
      levels: evaluation.levels.map((each) => ({ id: each.id, label: each.label, met: each.met })),
      level: evaluation.levels.find((each) => each.id === level.id)!,
    },
    ...(options.renewal ? { renewal: options.renewal } : {}),
  };
  return { snapshot, sha256: await canonicalHash(snapshot) };
}
