import type { SessionData } from 'express-session';
import type { Db } from '../knex';
import { userFromRow, usersWithRoles, type User } from './user-repository';

/** A stored session as the session's lookup reads it: with the user it is signed in as, if any. */
export interface StoredSession {
  sess: SessionData;
  expired: Date;
  /** The user the session is signed in as (absent when it is not, or the account is gone). */
  user?: User;
}

type Json<T> = T | string;
const fromJson = <T>(value: Json<T>): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * The session store (connect-session-knex) writes its own rows; these are the session's lookup
 * and the two deletions the app makes itself.
 */
export const sessionRepository = {
  /**
   * The session by id with its user and their roles, in one statement: every signed-in request
   * needs both, and on PostgreSQL a round trip costs the request thread more than the query
   * itself (see the README's Performance section). The expiry is checked by the caller, so the
   * embedded database's read cache can keep the answer.
   */
  async findWithUser(db: Db, sid: string): Promise<StoredSession | undefined> {
    const user = usersWithRoles(db).whereRaw(`users.id = (sessions.sess ->> 'userId')::int`);
    const row: { sess: Json<SessionData>; expired: Date | string; user: Json<Parameters<typeof userFromRow>[0]> | null } | undefined = await db('sessions')
      .select('sessions.sess', 'sessions.expired', db.raw('(select to_json(u) from ? as u) as "user"', [user]))
      .where('sessions.sid', sid)
      .first();
    if (!row) return undefined;
    return { sess: fromJson(row.sess), expired: new Date(row.expired), ...(row.user ? { user: userFromRow(fromJson(row.user)) } : {}) };
  },

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
