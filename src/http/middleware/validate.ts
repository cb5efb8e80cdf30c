import type { Request, RequestHandler } from 'express';
import { validatorFor, fieldErrors } from '../../validation/ajv';
import { validationError } from '../../errors';
import { bodyMessages, bodyProblem } from '../../validation/json-checks';

/** Extra data a form view needs when it is re-rendered with errors (e.g. a list beside it). */
export type FormLocals = (req: Request) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** Fields never echoed back into a re-rendered form. */
export const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'passwordConfirmation', '_csrf'];

/**
 * Declares the page a form lives on: an error from this request (validation, a conflict, a
 * rate limit) re-renders that view with the messages and the input kept. The route's params
 * are kept too, because the error middleware runs outside the route.
 */
export function formPage(view: string, locals?: FormLocals): RequestHandler {
  return (req, res, next) => {
    res.locals.formView = view;
    res.locals.formLocals = locals;
    res.locals.routeParams = { ...req.params };
    refuseUnstorable(req.body);
    next();
  };
}

/** A form body nested beyond need or holding the NUL character is refused on the form's page, naming the field. */
function refuseUnstorable(body: unknown): void {
  const problem = bodyProblem(body);
  if (problem?.kind === 'too_deep') throw validationError({ _form: bodyMessages.tooDeep });
  if (problem?.kind === 'unstorable') throw validationError({ [problem.field]: bodyMessages.unstorable });
}

/**
 * Declares the form view of this route (see formPage) and validates the body against its JSON
 * Schema, with a message beside each field.
 */
export function form(view: string, schema: object, locals?: FormLocals): RequestHandler {
  const validate = validatorFor(schema);
  const page = formPage(view, locals);
  return (req, res, next) => {
    page(req, res, () => undefined);
    // A browser sends empty fields as "": treat them as absent, so `required` catches them.
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
      if (value !== '') body[key] = typeof value === 'string' && !SECRET_FIELDS.includes(key) ? value.trim() : value;
    }
    if (!validate(body)) throw validationError(fieldErrors(validate.errors));
    req.body = body;
    next();
  };
}

/** The submitted values as they may be shown again: secrets removed. */
export function safeValues(body: unknown): Record<string, unknown> {
  const values = { ...((body ?? {}) as Record<string, unknown>) };
  for (const field of SECRET_FIELDS) delete values[field];
  return values;
}
