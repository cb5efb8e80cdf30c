/** Stable error codes: clients and tests match on these, never on message text. */
export type ErrorCode = 'validation' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'csrf' | 'rate_limited' | 'unavailable' | 'internal';

/** An error a service may throw; the error middleware turns it into the right page or JSON. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details: { fields?: Record<string, string>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Input that breaks a rule; `fields` maps a form field to the message shown beside it. */
export const validationError = (fields: Record<string, string>, message = 'Please correct the highlighted fields.') => new AppError('validation', 422, message, { fields });
export const unauthenticated = (message = 'Please sign in to continue.') => new AppError('unauthenticated', 401, message);
export const forbidden = (message = 'You do not have access to this page.') => new AppError('forbidden', 403, message);
export const notFound = (message = 'We could not find that page.') => new AppError('not_found', 404, message);
export const conflict = (message: string) => new AppError('conflict', 409, message);
export const rateLimited = (retryAfterSeconds: number, message = 'Too many attempts. Please wait a few minutes and try again.') => new AppError('rate_limited', 429, message, { retryAfterSeconds });

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
