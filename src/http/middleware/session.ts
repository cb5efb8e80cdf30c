import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Db } from '../../db/knex';
import { createSessionStore } from '../../db/session-store';

export const SESSION_COOKIE = 'eia.sid';
const EIGHT_HOURS_MS = 8 * 3600_000;
/** How stale a signed-in session's stored expiry may get before a request saves it again. */
export const SESSION_REFRESH_MS = 5 * 60_000;

/**
 * Sessions in the database (see db/session-store.ts), in an http-only, same-site cookie; a
 * session lasts eight hours from the last request. Reading a page writes nothing: the expiry of
 * a signed-in session is pushed on at most every SESSION_REFRESH_MS, not on every request (so it
 * may trail the last request by that much). The cookie is sent again with each such save, not
 * with every response: its expiry and the stored one move together, and a page that changes
 * nothing is spared signing and setting a cookie.
 */
export function sessionMiddleware(options: { db: Db; secret: string; secureCookies: boolean }): RequestHandler[] {
  return [sessionFromStore(options), refreshSession];
}

/** Marks a signed-in session changed (so express-session saves it, with a new expiry) when it was last saved a while ago. */
const refreshSession: RequestHandler = (req, _res, next) => {
  const now = Date.now();
  if (req.session?.userId && now - (req.session.refreshedAt ?? 0) >= SESSION_REFRESH_MS) req.session.refreshedAt = now;
  next();
};

function sessionFromStore(options: { db: Db; secret: string; secureCookies: boolean }): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store: createSessionStore(options.db),
    resave: false,
    saveUninitialized: false,
    // Not rolling: the cookie is set when the session is saved (refreshSession marks it changed).
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: EIGHT_HOURS_MS },
  });
}
