import type { Evidence, RecordRef, RequirementResult } from './evaluation';
import { windowEndingOn, type DateWindow } from './windows';

/**
 * The evidence prepared ONCE per evaluate call and shared by every requirement of every level:
 * each log's record refs ("practice:12") built once, practice effective dates worked out once,
 * and a memo so that levels asking the same question with a different threshold (50 h, 100 h,
 * 250 h …) reuse one pass over the records. Every tally is a single linear pass.
 *
 * Why parallel arrays beside the records rather than one prepared object per record: with
 * 10,000 practice records, allocating 10,000 objects per evaluation roughly doubles the cost of
 * a first (not yet optimised) call, and the records themselves already hold everything else.
 *
 * The tallies' counted/excluded arrays are shared by every result that asks the same question:
 * treat an Evaluation as read-only.
 */

export interface Log<R> {
  records: readonly R[];
  /** refs[i] is the ref of records[i]. */
  refs: RecordRef[];
}

export interface PracticeLog extends Log<Evidence['practice'][number]> {
  /** dates[i] = `endDate ?? date` of records[i]: an engagement logged as a range counts on its last day. */
  dates: string[];
}

export type Excluded = RequirementResult['excluded'][number];

export interface EvaluationContext {
  asOf: string;
  portfolio: Evidence['portfolio'];
  practice: PracticeLog;
  supervision: Log<Evidence['supervision'][number]>;
  cpd: Log<Evidence['cpd'][number]>;
  feedback: Log<Evidence['feedback'][number]>;
  reflections: Log<Evidence['reflections'][number]>;
  supervisionPractice: Log<NonNullable<Evidence['supervisionPractice']>[number]>;
  /** The last 6 months before asOf, both ends included: the pace of the forecast. */
  paceWindow: DateWindow;
  /** Compute once per evaluate call for a key (the question asked, without its threshold). */
  memo<T>(key: string, compute: () => T): T;
}

/** How many months the forecast looks back to measure the pace. */
export const PACE_MONTHS = 6;

/**
 * The refs (and practice dates) of a log, kept with its records array: the evidence cache hands
 * the same arrays to every evaluation until the portfolio changes, so they are built once per
 * change, not per evaluation (at 100,000 entries, allocating them each time was a third of the
 * evaluation, mostly in the garbage collector). Read-only, like everything an evaluation shares.
 */
const preparedRefs = new WeakMap<readonly unknown[], RecordRef[]>();
const preparedDates = new WeakMap<readonly unknown[], string[]>();

function log<R extends { id: number }>(type: string, records: readonly R[]): Log<R> {
  let refs = preparedRefs.get(records);
  if (!refs) {
    refs = new Array<RecordRef>(records.length);
    for (let i = 0; i < records.length; i += 1) refs[i] = `${type}:${records[i]!.id}`;
    preparedRefs.set(records, refs);
  }
  return { records, refs };
}

/** dates[i] = `endDate ?? date` of practice[i]. */
function practiceDates(practice: Evidence['practice']): string[] {
  let dates = preparedDates.get(practice);
  if (!dates) {
    dates = new Array<string>(practice.length);
    for (let i = 0; i < practice.length; i += 1) dates[i] = practice[i]!.endDate ?? practice[i]!.date;
    preparedDates.set(practice, dates);
  }
  return dates;
}

export function prepareContext(evidence: Evidence, asOf: string): EvaluationContext {
  const cache = new Map<string, unknown>();
  const practice = evidence.practice;
  const dates = practiceDates(practice);
  return {
    asOf,
    portfolio: evidence.portfolio,
    practice: { ...log('practice', practice), dates },
    supervision: log('supervision', evidence.supervision),
    cpd: log('cpd', evidence.cpd),
    feedback: log('feedback', evidence.feedback),
    reflections: log('reflection', evidence.reflections),
    supervisionPractice: log('supervision_practice', evidence.supervisionPractice ?? []),
    paceWindow: windowEndingOn(asOf, PACE_MONTHS),
    memo<T>(key: string, compute: () => T): T {
      if (!cache.has(key)) cache.set(key, compute());
      return cache.get(key) as T;
    },
  };
}
