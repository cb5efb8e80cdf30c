import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';

/**
 * Synchroniser-token CSRF protection (csrf-sync): the token lives in the session and every
 * state-changing form posts it back as `_csrf`. Views call `csrfToken()` only when they
 * render a form, so merely reading a page does not create a session.
 */
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  // Multipart forms (uploads) are parsed after this check, so they carry the token in the URL.
  getTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf ?? (typeof req.query._csrf === 'string' ? req.query._csrf : undefined),
  size: 32,
  errorConfig: { statusCode: 403, code: 'EBADCSRFTOKEN', message: 'invalid csrf token' },
});

export const csrfProtection = csrfSynchronisedProtection;

export function csrfTokenLocal(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = () => generateToken(req);
  next();
}

export const isCsrfError = (error: unknown) => (error as { code?: string } | null)?.code === 'EBADCSRFTOKEN';
