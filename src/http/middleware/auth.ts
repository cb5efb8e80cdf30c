import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ServiceDeps } from '../../domain/deps';
import type { Role } from '../../domain/accounts/roles';
import { findUser, type User } from '../../domain/accounts/account-service';
import { userForApiToken } from '../../domain/accounts/api-token-service';
import { AppError, forbidden, unauthenticated } from '../../errors';
import '../types';

const messages = {
  badToken: 'The bearer token is missing, malformed, unknown or revoked. Create a token under Account → API tokens.',
};

/**
 * Puts the session's user on the request (as the session's lookup read it, or read now); a
 * session opened before the last password change ends.
 */
export function loadSessionUser(deps: Pick<ServiceDeps, 'db' | 'repos'>): RequestHandler {
  return async (req, _res, next) => {
    const userId = req.session?.userId;
    if (!userId) return next();
    const readWithSession = req.sessionUser;
    const user = readWithSession?.id === userId ? readWithSession : await findUser(deps, userId);
    if (!user || req.session.sessionGeneration !== user.sessionGeneration) {
      await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
      return next();
    }
    req.user = user;
    next();
  };
}

/** API requests authenticate with `Authorization: Bearer <personal access token>` only. */
export function bearerAuth(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>): RequestHandler {
  return async (req, _res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const user = match ? await userForApiToken(deps, match[1]!) : undefined;
    if (!user) throw new AppError('unauthenticated', 401, messages.badToken);
    req.user = user;
    next();
  };
}

/** Starts a fresh session for the user (a new id defeats session fixation). */
export async function signIn(req: Request, user: User): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
  req.session.userId = user.id;
  req.session.sessionGeneration = user.sessionGeneration;
  await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

/** Ends the session: the row is deleted and the cookie cleared. */
export async function signOut(req: Request, res: Response): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
  res.clearCookie('eia.sid');
}

/** Refuses anonymous requests (pages redirect to sign in, the API answers 401). */
export function requireUser(req: Request, _res: Response, next: NextFunction): void {
  if (!req.user) throw unauthenticated();
  next();
}

/** Refuses users without one of these roles with 403. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) throw unauthenticated();
    if (!roles.some((role) => req.user!.roles.includes(role))) throw forbidden();
    next();
  };
}

/**
 * Runs a check that may refuse the request (typically: look up the row the URL names, for this
 * user) before anything reads the body, so someone else's row is "not found" whatever they send,
 * never a form error about a row they cannot see.
 */
export function checkBeforeBody(check: (req: Request) => Promise<unknown>): RequestHandler {
  return async (req, _res, next) => {
    await check(req);
    next();
  };
}
