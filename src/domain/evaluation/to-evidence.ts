import type { Evidence } from './evaluation';
import type { ConfirmationState } from '../vocabulary';

/**
 * A record as a log or a snapshot holds it: its id and its values by field name. Values may be
 * exact decimal strings (hours read from the database) or numbers (a snapshot's JSON); an absent
 * value is null (the database) or left out (a snapshot).
 */
export type RecordFacts = { id: number } & Record<string, unknown>;

/** Where a supervision record's confirmation stands, live or as frozen: its state and the date it dates from. */
export interface ConfirmationFacts {
  state: ConfirmationState;
  on?: string | null;
}

/** The records the evaluation reads, keyed by record type (as a snapshot's records are). */
export interface EvidenceRecords {
  practice: readonly RecordFacts[];
  supervision: readonly (RecordFacts & { confirmation: ConfirmationFacts })[];
  cpd: readonly RecordFacts[];
  feedback: readonly RecordFacts[];
  reflection: readonly RecordFacts[];
}

/** Words as a reader counts them: runs of characters between spaces. */
export const countWords = (text: unknown): number => (typeof text === 'string' ? text.split(/\s+/).filter(Boolean).length : 0);

const optional = <T>(value: unknown) => (value === undefined || value === null ? undefined : (value as T));

type Practice = Evidence['practice'][number];
type Supervision = Evidence['supervision'][number];
type Reflection = Evidence['reflections'][number];

/**
 * The evaluation's input from records: the one mapping used for the live portfolio and for a
 * snapshot, so a frozen submission is evaluated exactly as the portfolio was (and can be again,
 * years later). One object shape for every record (no conditional spreads): 10,000 rows map in
 * well under a millisecond.
 */
export function toEvidence(portfolio: Evidence['portfolio'], records: EvidenceRecords): Evidence {
  return {
    portfolio,
    practice: records.practice.map((record) => ({
      id: record.id,
      clientCode: String(record.clientCode),
      date: String(record.date),
      endDate: optional<string>(record.endDate),
      hours: Number(record.hours),
      format: record.format as Practice['format'],
      groupSize: optional<number>(record.groupSize),
      payment: record.payment as Practice['payment'],
    })),
    supervision: records.supervision.map((record) => ({
      id: record.id,
      date: String(record.date),
      hours: Number(record.hours),
      format: record.format as Supervision['format'],
      confirmation: record.confirmation.state,
      confirmationOn: record.confirmation.on ?? null,
    })),
    cpd: records.cpd.map((record) => ({ id: record.id, startDate: String(record.startDate), endDate: String(record.endDate), hours: Number(record.hours) })),
    feedback: records.feedback.map((record) => ({ id: record.id, date: String(record.date) })),
    reflections: records.reflection.map((record) => ({
      id: record.id,
      date: String(record.date),
      kind: record.kind as Reflection['kind'],
      competences: (record.competences as string[] | undefined) ?? [],
      // The database counts the words (the text stays there); a snapshot holds the text itself.
      words: typeof record.words === 'number' ? record.words : countWords(record.text),
    })),
  };
}
