import { AppError, isAppError } from '../errors';

/** An error as data, to cross from a worker thread: an AppError keeps its code, status and details; a file error its code. */
export interface ThreadError {
  message: string;
  name: string;
  stack?: string;
  code?: string;
  app?: Pick<AppError, 'code' | 'status' | 'details'>;
}

/** The error thrown in the thread, as data. */
export function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { message: String(error), name: 'Error' };
  const code = (error as NodeJS.ErrnoException).code;
  return {
    message: error.message,
    name: error.name,
    ...(error.stack ? { stack: error.stack } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(isAppError(error) ? { app: { code: error.code, status: error.status, details: error.details } } : {}),
  };
}

/**
 * The error again on the main thread: an AppError (a refusal the render service shows as it is),
 * or an Error with the thread's message, name, code (ENOENT: a file missing from the store) and
 * stack, so the log shows where it was thrown.
 */
export function fromThreadError(report: ThreadError): Error {
  const error = report.app ? new AppError(report.app.code, report.app.status, report.message, report.app.details) : Object.assign(new Error(report.message), report.code ? { code: report.code } : {});
  if (!report.app) error.name = report.name;
  if (report.stack) error.stack = report.stack;
  return error;
}
