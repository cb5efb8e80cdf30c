import type { SessionData } from 'express-session';
import type { Db } from '../knex';
import { builtOnce } from '../prepared';
import { userFromRow, usersWithRoles, type User } from './user-repository';
import { portfolioFromRow, portfoliosWithDetails, type Portfolio } from './portfolio-repository';
import { jsonColumn } from '../json-column';

/** Whom a signed-in session belongs to, as its lookup reads them. */
export interface SessionOwner {
  user: User;
  /** The user's portfolio (absent for other roles, and before an applicant's first use). */
  portfolio?: Portfolio | undefined;
}

/** A stored session as its lookup reads it: with its owner when it is signed in (and the account still exists). */
export interface StoredSession extends Partial<SessionOwner> {
  sess: SessionData;
  expired: Date;
}

type Json<T> = T | string;

/** The lookup's row: the user and the portfolio as JSON (one column each, null when there is none). */
interface LookupRow {
  sess: Json<SessionData>;
  expired: Date | string;
  user: Json<Parameters<typeof userFromRow>[0]> | null;
  portfolio: Json<Parameters<typeof portfolioFromRow>[0]> | null;
}

/** The lookup's statement (see findWithOwner), built by knex once: it is sent on every signed-in request. */
const sessionWithOwner = builtOnce<[sid: string], LookupRow>((db, sid) => {
  const user = usersWithRoles(db).whereRaw(`users.id = (sessions.sess ->> 'userId')::int`);
  const portfolio = portfoliosWithDetails(db).whereRaw(`portfolios.owner_id = (sessions.sess ->> 'userId')::int`);
  return db('sessions')
    .select('sessions.sess', 'sessions.expired', db.raw('(select to_json(u) from ? as u) as "user"', [user]), db.raw('(select to_json(p) from ? as p) as portfolio', [portfolio]))
    .where('sessions.sid', sid)
    .limit(1);
});

/**
 * The session store (connect-session-knex) writes its own rows; these are the session's lookup
 * and the two deletions the app makes itself.
 */
export const sessionRepository = {
  /**
   * The session by id with its user (and their roles) and the user's portfolio (as
   * portfolioRepository.findByOwner reads it), in one prepared statement: every signed-in page
   * needs the first two and an applicant's nearly always the third, and on PostgreSQL each round
   * trip costs the request thread more than the query itself (see the README's Performance
   * section). The expiry is checked by the caller, so the embedded database's read cache can
   * keep the answer.
   */
  async findWithOwner(db: Db, sid: string): Promise<StoredSession | undefined> {
    const [row] = await sessionWithOwner(db, sid);
    if (!row) return undefined;
    return {
      sess: jsonColumn<SessionData>(row.sess),
      expired: new Date(row.expired),
      ...(row.user ? { user: userFromRow(jsonColumn(row.user)) } : {}),
      ...(row.user && row.portfolio ? { portfolio: portfolioFromRow(jsonColumn(row.portfolio)) } : {}),
    };
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
