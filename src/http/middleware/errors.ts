import '../types';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError, isAppError, notFound } from '../../errors';
import { isCsrfError } from './csrf';
import { safeValues, type FormLocals } from './validate';
import type { Logger } from '../../logger';
import { setViewLocals } from './views';

const messages = {
  csrf: 'This form has expired or was sent from another page. Reload the page and try again.',
  tooLarge: 'What you sent is larger than this page accepts. Send less, or a smaller file.',
  badBody: 'What you sent could not be read. Check it and try again.',
  internal: 'Something went wrong on our side. Nothing you entered was saved by this request. Please try again; if it keeps happening, tell your administrator.',
};

const isApi = (req: Request) => req.path.startsWith('/api/') || req.path.endsWith('.json');

/** The last route: anything unmatched is a 404. */
export const notFoundHandler: RequestHandler = () => {
  throw notFound();
};

/** Any error that is not an AppError becomes one; internals never reach the user. */
function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (isCsrfError(error)) return new AppError('csrf', 403, messages.csrf);
  const status = (error as { status?: number; type?: string }).status;
  if (status === 413) return new AppError('validation', 413, messages.tooLarge);
  if (status === 400 && (error as { type?: string }).type === 'entity.parse.failed') return new AppError('validation', 400, messages.badBody);
  return new AppError('internal', 500, messages.internal);
}

/** Renders a view; if even that fails, a plain message (never a stack trace). */
function renderSafely(res: Response, logger: Logger, status: number, view: string, locals: Record<string, unknown>): void {
  res.status(status).render(view, locals, (renderError: Error | null, html?: string) => {
    if (!renderError) return void res.send(html);
    logger.error({ err: renderError }, 'error page failed to render');
    res.status(500).type('text/plain').send(messages.internal);
  });
}

async function formLocals(req: Request, res: Response, error: AppError): Promise<Record<string, unknown>> {
  const locals = res.locals.formLocals as FormLocals | undefined;
  if (res.locals.routeParams) req.params = res.locals.routeParams as Request['params'];
  return {
    ...(locals ? await locals(req) : {}),
    values: safeValues(req.body),
    errors: error.details.fields ?? {},
    formError: Object.keys(error.details.fields ?? {}).length ? undefined : error.message,
  };
}

/** One sink for every error: a form with its errors, a 401 redirect, an error page, or JSON. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return async (error: unknown, req, res, _next) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') (req.log ?? logger).error({ err: error }, 'unhandled error');
    if (res.headersSent) return void res.end();
    if (appError.details.retryAfterSeconds) res.set('Retry-After', String(appError.details.retryAfterSeconds));

    if (isApi(req)) {
      const fields = appError.details.fields;
      const errors = fields && Object.entries(fields).map(([field, message]) => ({ path: field === '_form' ? '' : `/${field.replace(/\./g, '/')}`, message }));
      res.status(appError.status).json({ error: { code: appError.code, message: appError.message, ...(fields ? { fields, errors } : {}) } });
      return;
    }
    if (appError.code === 'unauthenticated') {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      return res.redirect(303, `/login${next}`);
    }
    // Errors that happen before the page middleware ran still get a whole page.
    if (!res.locals.navigation) setViewLocals(req, res);
    const onForm = appError.code === 'validation' || appError.code === 'conflict' || appError.code === 'rate_limited' || (appError.code === 'forbidden' && req.method === 'POST');
    if (onForm && res.locals.formView && appError.status !== 413) {
      try {
        return renderSafely(res, logger, appError.status, res.locals.formView as string, await formLocals(req, res, appError));
      } catch (localsError) {
        logger.error({ err: localsError }, 'form page data failed to load');
      }
    }
    renderSafely(res, logger, appError.status, 'errors/error', { title: titleFor(appError), error: appError });
  };
}

function titleFor(error: AppError): string {
  switch (error.code) {
    case 'not_found':
      return 'Page not found';
    case 'forbidden':
      return 'Not allowed';
    case 'csrf':
      return 'Please reload the page';
    case 'rate_limited':
      return 'Too many attempts';
    case 'internal':
      return 'Something went wrong';
    default:
      return 'Please check what you sent';
  }
}
