import type { RequestHandler } from 'express';
import { dataValidatorFor, fieldErrors } from '../../validation/ajv';
import { AppError, validationError } from '../../errors';
import { bodyMessages, bodyProblem } from '../../validation/json-checks';

const messages = {
  notObject: 'Send a JSON object as the body, with the fields this endpoint documents (see /api/v1/openapi.json).',
};

/**
 * Checks a JSON body against its schema exactly as sent: a value of the wrong type is an error,
 * not converted; an unknown field is named, not dropped; no NUL character; not nested deeper
 * than any body needs. The schemas are those the OpenAPI document publishes (api-bodies.ts).
 */
export function jsonBody(schema: object): RequestHandler {
  const validate = dataValidatorFor(schema);
  return (req, _res, next) => {
    const body: unknown = req.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) throw validationError({ _form: messages.notObject }, messages.notObject);
    const problem = bodyProblem(body);
    if (problem?.kind === 'too_deep') throw new AppError('validation', 400, bodyMessages.tooDeep);
    if (problem?.kind === 'unstorable') throw validationError({ [problem.field]: bodyMessages.unstorable });
    if (!validate(body)) throw validationError(fieldErrors(validate.errors));
    next();
  };
}
