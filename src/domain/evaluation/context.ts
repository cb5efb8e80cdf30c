import type { Evidence, RecordRef, RequirementResult } from './evaluation';
import { dateKey, windowEndingOn, type DateWindow } from './windows';

/**
 * The evidence prepared ONCE per evaluate call and shared by every requirement of every level:
 * each log's record refs ("practice:12") built once, the practice log's figures put in columns once,
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

/**
 * The practice log with its figures in columns: typed arrays beside the records, which the
 * tallies' loops read instead of the records. Why: at 100,000 entries the records and their date
 * strings are tens of megabytes scattered over the heap, and loops reading them missed the
 * processor's caches, so the evaluation grew 13 to 30 times for 10 times the entries; the
 * columns take 21 bytes a record, in one place.
 */
export interface PracticeLog extends Log<Evidence['practice'][number]> {
  /** dateKeys[i] = `endDate ?? date` of records[i] as a number (2026-03-12 → 20260312): an engagement logged as a range counts on its last day. */
  dateKeys: Int32Array;
  hours: Float64Array;
  /** paid[i] = 1 when records[i] was paid work. */
  paid: Uint8Array;
  /** clientIds[i]: records[i]'s client code, trimmed and lower-cased (" C-017" and "c-017" are one client), numbered from 0 to clientCount − 1; −1 without a code. */
  clientIds: Int32Array;
  clientCount: number;
  /** groupSizes[i]: the people records[i] stands for: 1 one to one, else its group's size (at least 1; old imports may lack it). */
  groupSizes: Int32Array;
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

/**
 * An empty list with room for `capacity` refs, to fill in order (`list[length++] = ref`) and cut
 * to its length at the end. Why not push: past about 16,000 elements V8 keeps an array in its
 * large-object space, where every time push outgrows it costs a fresh allocation and a copy; at
 * 100,000 practice entries the counted lists built that way took half of the evaluation.
 */
export const refListFor = (capacity: number): RecordRef[] => new Array<RecordRef>(capacity);

/** How many months the forecast looks back to measure the pace. */
export const PACE_MONTHS = 6;

/**
 * What is prepared from a log's records is kept with its records array: the evidence cache hands
 * the same arrays to every evaluation until the portfolio changes, so they are built once per
 * change, not per evaluation (at 100,000 entries, allocating them each time was a third of the
 * evaluation, mostly in the garbage collector). Read-only, like everything an evaluation shares.
 */
const prepared = new Map<string, WeakMap<readonly unknown[], unknown>>();

function preparedOnce<R, T>(name: string, records: readonly R[], build: (records: readonly R[]) => T): T {
  let kept = prepared.get(name);
  if (!kept) prepared.set(name, (kept = new WeakMap()));
  if (!kept.has(records)) kept.set(records, build(records));
  return kept.get(records) as T;
}

const log = <R extends { id: number }>(type: string, records: readonly R[]): Log<R> => ({
  records,
  refs: preparedOnce(`${type} refs`, records, () => records.map((record): RecordRef => `${type}:${record.id}`)),
});

function practiceColumns(practice: Readonly<Evidence['practice']>): Omit<PracticeLog, keyof Log<unknown>> {
  const columns = {
    dateKeys: new Int32Array(practice.length),
    hours: new Float64Array(practice.length),
    paid: new Uint8Array(practice.length),
    clientIds: new Int32Array(practice.length),
    clientCount: 0,
    groupSizes: new Int32Array(practice.length),
  };
  const clientIds = new Map<string, number>();
  for (let i = 0; i < practice.length; i += 1) {
    const entry = practice[i]!;
    columns.dateKeys[i] = dateKey(entry.endDate ?? entry.date);
    columns.hours[i] = entry.hours;
    columns.paid[i] = entry.payment === 'paid' ? 1 : 0;
    columns.groupSizes[i] = entry.format === 'one_to_one' ? 1 : Math.max(1, entry.groupSize ?? 1);
    const code = entry.clientCode.trim().toLowerCase();
    let id = code ? clientIds.get(code) : -1;
    if (id === undefined) clientIds.set(code, (id = clientIds.size));
    columns.clientIds[i] = id;
  }
  columns.clientCount = clientIds.size;
  return columns;
}

export function prepareContext(evidence: Evidence, asOf: string): EvaluationContext {
  const cache = new Map<string, unknown>();
  const practice = evidence.practice;
  return {
    asOf,
    portfolio: evidence.portfolio,
    practice: { ...log('practice', practice), ...preparedOnce('practice columns', practice, practiceColumns) },
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
