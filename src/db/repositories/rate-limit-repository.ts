import type { Db } from '../knex';

/** A key's counter after an attempt: the attempts in its window, and when that window ends. */
export interface RateCounter {
  hits: number;
  windowEndsAt: Date;
}

export const rateLimitRepository = {
  /**
   * Counts one attempt in one upsert: a new window (one hit, ending at `windowEnd`) starts when
   * the key's window has ended by `now`, else the hit is added to it.
   */
  async hit(db: Db, key: string, now: Date, windowEnd: Date): Promise<RateCounter> {
    const result = await db.raw<{ rows: { hits: number; window_ends_at: Date }[] }>(
      `insert into rate_limits (key, hits, window_ends_at) values (?, 1, ?)
       on conflict (key) do update set
         hits = case when rate_limits.window_ends_at <= ? then 1 else rate_limits.hits + 1 end,
         window_ends_at = case when rate_limits.window_ends_at <= ? then excluded.window_ends_at else rate_limits.window_ends_at end
       returning hits, window_ends_at`,
      [key, windowEnd, now, now],
    );
    const row = result.rows[0]!;
    return { hits: row.hits, windowEndsAt: new Date(row.window_ends_at) };
  },

  /** Takes one attempt back, never below zero. */
  async refund(db: Db, key: string): Promise<void> {
    await db('rate_limits').where('key', key).where('hits', '>', 0).decrement('hits', 1);
  },

  /** Drops counters whose window has ended by `now`. */
  async pruneEnded(db: Db, now: Date): Promise<number> {
    return db('rate_limits').where('window_ends_at', '<=', now).delete();
  },
};
