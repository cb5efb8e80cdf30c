import type { Request } from 'express';
import type { SessionData, Store } from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Db } from './knex';
import { sessionRepository, type SessionOwner } from './repositories/session-repository';
import type { User } from './repositories/user-repository';
import type { Portfolio } from './repositories/portfolio-repository';

/**
 * The session store: the `sessions` table (the same on both backends, made by a migration), so
 * any app process can serve any request. Expired rows are removed by the maintenance job
 * (sessionRepository.pruneExpired), not by the store's own timer.
 */
export function createSessionStore(db: Db): Store {
  const store = new ConnectSessionKnexStore({ knex: db, tableName: 'sessions', createTable: false, cleanupInterval: 0 });
  // The store checks for its table once, at construction, and keeps that promise forever: a
  // database that is briefly down then would break sessions until restart. The migration
  // guarantees the table, so the check is dropped (and its failure silenced).
  store.ready.catch(() => undefined);
  store.ready = Promise.resolve();
  // express-session "touches" the store after every request to push the expiry on: a write per
  // read. Here it does nothing; the session middleware instead saves the session again once its
  // stored expiry is a few minutes old (see refreshSession in http/middleware/session.ts).
  store.touch = async (_sid, _session, callback) => callback?.();
  // The store's own lookup binds the current time (`… and ? <= expired`), so no two are alike;
  // this one asks by id alone and checks the expiry here, so the embedded database's read cache
  // (db/read-cache.ts) can answer it until the session changes. It reads the session's user and
  // their portfolio in the same statement (one round trip, not three, for a signed-in page);
  // express-session hands the session data back to createSession with the request, which puts
  // them on it as `req.sessionUser` (for loadSessionUser, http/middleware/auth.ts, to check) and
  // `req.sessionPortfolio` (which services take as the portfolio read already).
  const owners = new WeakMap<SessionData, SessionOwner>();
  store.get = async (sid, callback) => {
    try {
      const row = await sessionRepository.findWithOwner(db, sid);
      const session = row && row.expired.getTime() >= Date.now() ? row.sess : null;
      if (session && row?.user) owners.set(session, { user: row.user, portfolio: row.portfolio });
      callback?.(null, session);
      return session;
    } catch (error) {
      callback?.(error);
      throw error;
    }
  };
  const createSession = store.createSession.bind(store);
  store.createSession = (req, data) => {
    const owner = owners.get(data);
    if (owner) {
      const request = req as Request & { sessionUser?: User; sessionPortfolio?: Portfolio | undefined };
      request.sessionUser = owner.user;
      request.sessionPortfolio = owner.portfolio;
    }
    return createSession(req, data);
  };
  return store;
}
