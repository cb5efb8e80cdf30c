import session from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { RequestHandler } from 'express';
import type { Db } from '../../db/knex';

export const SESSION_COOKIE = 'eia.sid';
const EIGHT_HOURS_MS = 8 * 3600_000;

/**
 * Sessions in the database (the same table on both backends, made by a migration), so any
 * app process can serve any request. Expired rows are removed by the maintenance job.
 */
export function sessionMiddleware(options: { db: Db; secret: string; secureCookies: boolean }): RequestHandler {
  const store = new ConnectSessionKnexStore({ knex: options.db, tableName: 'sessions', createTable: false, cleanupInterval: 0 });
  // The store checks for its table once, at construction, and keeps that promise forever: a
  // database that is briefly down then would break sessions until restart. The migration
  // guarantees the table, so the check is dropped (and its failure silenced).
  store.ready.catch(() => undefined);
  store.ready = Promise.resolve();
  return session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: EIGHT_HOURS_MS },
  });
}
