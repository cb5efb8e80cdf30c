import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';

/**
 * Synchroniser-token CSRF protection (csrf-sync): the token lives in the session and every
 * state-changing form posts it back as `_csrf`. Views call `csrfToken()` only when they
 * render a form, so merely reading a page does not create a session.
 */
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf ?? req.get('x-csrf-token'),
  size: 32,
  errorConfig: { statusCode: 403, code: 'EBADCSRFTOKEN', message: 'invalid csrf token' },
});

export const csrfProtection = csrfSynchronisedProtection;

export function csrfTokenLocal(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = () => generateToken(req);
  next();
}

export const isCsrfError = (error: unknown) => (error as { code?: string } | null)?.code === 'EBADCSRFTOKEN';
