import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Db } from '../../db/knex';
import { createSessionStore } from '../../db/session-store';

export const SESSION_COOKIE = 'eia.sid';
const EIGHT_HOURS_MS = 8 * 3600_000;

/** Sessions in the database (see db/session-store.ts), in an http-only, same-site cookie that lasts eight hours from the last request. */
export function sessionMiddleware(options: { db: Db; secret: string; secureCookies: boolean }): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store: createSessionStore(options.db),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: EIGHT_HOURS_MS },
  });
}
