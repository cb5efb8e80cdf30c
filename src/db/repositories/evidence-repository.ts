import type { Db } from '../knex';

/*
 * The few columns of each log that the evaluation reads, named as the records' fields are
 * (clientCode, endDate …), so a live read and a snapshot's records look alike. Dates are ISO
 * strings and hours exact decimal strings, as the database returns them; absent values are null.
 * Type aliases rather than interfaces: they are passed on as plain records of values.
 */
export type PracticeFacts = { id: number; clientCode: string; date: string; endDate: string | null; hours: string; format: string; groupSize: number | null; payment: string };
export type SupervisionFacts = { id: number; date: string; hours: string; format: string; supervisorName: string; supervisorEmail: string | null; themes: string | null };
export type CpdFacts = { id: number; startDate: string; endDate: string; hours: string };
export type FeedbackFacts = { id: number; date: string };
export type ReflectionFacts = { id: number; date: string; kind: string; competences: string[]; words: number };

/** A portfolio's logs as the evaluation reads them, keyed by record type. */
export interface EvidenceLogs {
  practice: PracticeFacts[];
  supervision: SupervisionFacts[];
  cpd: CpdFacts[];
  feedback: FeedbackFacts[];
  reflection: ReflectionFacts[];
}

export type EvidenceLog = keyof EvidenceLogs;

const queries: { [Log in EvidenceLog]: (db: Db, portfolioId: number) => Promise<EvidenceLogs[Log]> } = {
  practice: (db, portfolioId) =>
    db('practice_entries')
      .select({ id: 'id', clientCode: 'client_code', date: 'date', endDate: 'end_date', hours: 'hours', format: 'format', groupSize: 'group_size', payment: 'payment' })
      .where('portfolio_id', portfolioId),
  supervision: (db, portfolioId) =>
    db('supervision_entries')
      .select({ id: 'id', date: 'date', hours: 'hours', format: 'format', supervisorName: 'supervisor_name', supervisorEmail: 'supervisor_email', themes: 'themes' })
      .where('portfolio_id', portfolioId),
  cpd: (db, portfolioId) => db('cpd_entries').select({ id: 'id', startDate: 'start_date', endDate: 'end_date', hours: 'hours' }).where('portfolio_id', portfolioId),
  feedback: (db, portfolioId) => db('feedback_items').select({ id: 'id', date: 'date' }).where('portfolio_id', portfolioId),
  // Words are counted where the text is, as countWords does (runs between whitespace), so the text never leaves the database here.
  reflection: (db, portfolioId) =>
    db('reflections')
      .select({ id: 'id', date: 'date', kind: 'kind', competences: 'competences' })
      .select(db.raw("coalesce(array_length(regexp_split_to_array(nullif(btrim(text, E' \\t\\r\\n'), ''), '\\s+'), 1), 0)::int as words"))
      .where('portfolio_id', portfolioId),
};

export const evidenceRepository = {
  /**
   * Reads what the evaluation needs, and only that: one query per log asked for, side by side (PostgreSQL runs them on separate connections; the embedded database
   * in turn). The columns are aliased to the field names in SQL, so no row is copied to rename it.
   */
  async logsOf<Log extends EvidenceLog = EvidenceLog>(db: Db, portfolioId: number, logs: readonly Log[]): Promise<Pick<EvidenceLogs, Log>> {
    const read = await Promise.all(logs.map(async (log) => [log, await queries[log](db, portfolioId)] as const));
    return Object.fromEntries(read) as Pick<EvidenceLogs, Log>;
  },
};
