import type { Db } from '../knex';

/**
 * The session store (connect-session-knex) reads and writes its own rows; these are the two
 * deletions the app makes itself.
 */
export const sessionRepository = {
  /** Removes sessions that have expired (the maintenance job; the store's own timer is off). */
  async pruneExpired(db: Db, now: Date): Promise<number> {
    return db('sessions').where('expired', '<=', now).delete();
  },

  /** Ends every session of this user (the account is being deleted). */
  async removeForUser(db: Db, userId: number): Promise<void> {
    await db('sessions')
      .whereRaw("(sess::jsonb ->> 'userId') = ?", [String(userId)])
      .delete();
  },
};
