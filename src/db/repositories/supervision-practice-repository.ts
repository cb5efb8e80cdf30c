import type { Db } from '../knex';

/**
 * What the supervision practice log needs beyond the generic record repository: the sessions
 * added from confirmations the person gave through the app, each kept with the confirmation's
 * id (unique per portfolio), so the same confirmation never enters the log twice.
 */
export const supervisionPracticeRepository = {
  /** The confirmations (signoffs.id) already in this portfolio's supervision practice log. */
  async signoffIdsInLog(db: Db, portfolioId: number): Promise<Set<number>> {
    const rows: { signoff_id: number }[] = await db('supervision_practice_entries').select('signoff_id').where('portfolio_id', portfolioId).whereNotNull('signoff_id');
    return new Set(rows.map((row) => row.signoff_id));
  },

  /** Adds a session from a confirmation; undefined when that confirmation is in the log already (a double submit). */
  async insertFromSignoff(db: Db, portfolioId: number, session: { signoffId: number; superviseeCode: string; date: string; hours: number; notes: string }, at: Date): Promise<number | undefined> {
    const rows: { id: number }[] = await db('supervision_practice_entries')
      .insert({
        portfolio_id: portfolioId,
        supervisee_code: session.superviseeCode,
        date: session.date,
        hours: session.hours,
        format: 'individual',
        notes: session.notes,
        signoff_id: session.signoffId,
        created_at: at,
        updated_at: at,
      })
      .onConflict(['portfolio_id', 'signoff_id'])
      .ignore()
      .returning('id');
    return rows[0]?.id;
  },
};
