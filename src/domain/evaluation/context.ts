import type { Evidence, RecordRef, RequirementResult } from './evaluation';
import { windowEndingOn, type DateWindow } from './windows';

/**
 * The evidence prepared ONCE per evaluate call and shared by every requirement of every level:
 * record refs built once, practice effective dates and normalised client codes worked out once,
 * and a memo so that levels asking the same question with a different threshold (50 h, 100 h,
 * 250 h …) reuse one pass over the records. Every tally is a single linear pass.
 */

export interface PreparedPractice {
  ref: RecordRef;
  /** `endDate ?? date`: an engagement logged as a range counts on its last day. */
  date: string;
  hours: number;
  paid: boolean;
  /** Trimmed and lower-cased, so " C-017" and "c-017" are one client. */
  client: string;
  /** How many clients the record stands for: its group size for group and team work, else 1. */
  members: number;
  grouped: boolean;
}

export interface PreparedSupervision {
  ref: RecordRef;
  date: string;
  hours: number;
  format: 'individual' | 'group' | 'peer';
  confirmed: boolean;
}

export interface PreparedCpd {
  ref: RecordRef;
  endDate: string;
  hours: number;
}

export interface PreparedDated {
  ref: RecordRef;
  date: string;
}

export interface PreparedReflection extends PreparedDated {
  kind: 'reflection' | 'case_study';
  competences: string[];
}

export type Excluded = RequirementResult['excluded'][number];

export interface EvaluationContext {
  asOf: string;
  portfolio: Evidence['portfolio'];
  practice: PreparedPractice[];
  supervision: PreparedSupervision[];
  cpd: PreparedCpd[];
  feedback: PreparedDated[];
  reflections: PreparedReflection[];
  /** The last 6 months before asOf, both ends included: the pace of the forecast. */
  paceWindow: DateWindow;
  /** Compute once per evaluate call for a key (the question asked, without its threshold). */
  memo<T>(key: string, compute: () => T): T;
}

/** How many months the forecast looks back to measure the pace. */
export const PACE_MONTHS = 6;

export function prepareContext(evidence: Evidence, asOf: string): EvaluationContext {
  const cache = new Map<string, unknown>();
  return {
    asOf,
    portfolio: evidence.portfolio,
    practice: evidence.practice.map((entry) => {
      const grouped = entry.format === 'group' || entry.format === 'team';
      return {
        ref: `practice:${entry.id}`,
        date: entry.endDate ?? entry.date,
        hours: entry.hours,
        paid: entry.payment === 'paid',
        client: entry.clientCode.trim().toLowerCase(),
        // A group record without a size (possible in old imports) stands for at least its one code.
        members: grouped ? Math.max(1, entry.groupSize ?? 1) : 1,
        grouped,
      };
    }),
    supervision: evidence.supervision.map((s) => ({ ref: `supervision:${s.id}`, date: s.date, hours: s.hours, format: s.format, confirmed: s.confirmed })),
    cpd: evidence.cpd.map((c) => ({ ref: `cpd:${c.id}`, endDate: c.endDate, hours: c.hours })),
    feedback: evidence.feedback.map((f) => ({ ref: `feedback:${f.id}`, date: f.date })),
    reflections: evidence.reflections.map((r) => ({ ref: `reflection:${r.id}`, date: r.date, kind: r.kind, competences: r.competences })),
    paceWindow: windowEndingOn(asOf, PACE_MONTHS),
    memo<T>(key: string, compute: () => T): T {
      if (!cache.has(key)) cache.set(key, compute());
      return cache.get(key) as T;
    },
  };
}
