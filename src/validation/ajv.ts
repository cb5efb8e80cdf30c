import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import addErrors from 'ajv-errors';

/** The one shared ajv instance: every JSON Schema in the app is compiled here, once. */
export const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: true, removeAdditional: 'all' });
addFormats(ajv);
addErrors(ajv);

const compiled = new WeakMap<object, ValidateFunction>();

/** Returns the compiled validator for a schema, compiling it on first use only. */
export function validatorFor<T>(schema: object): ValidateFunction<T> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate as ValidateFunction<T>;
}

/** Field name (first segment of the JSON pointer, or the missing property) → first message. */
export function fieldErrors(errors: ErrorObject[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors ?? []) {
    const field = fieldOf(error);
    if (!(field in out)) out[field] = error.message ?? 'is not valid';
  }
  return out;
}

function fieldOf(error: ErrorObject): string {
  const original = (error.params as { errors?: ErrorObject[] }).errors?.[0] ?? error;
  const missing = (original.params as { missingProperty?: string }).missingProperty;
  const pointer = original.instancePath.split('/').filter(Boolean);
  if (missing) pointer.push(missing);
  return pointer.join('.') || '_form';
}

/**
 * A strict instance for documents people write by hand (criteria sets): unknown keys are
 * errors rather than silently dropped, and nothing is coerced, so a typo is reported.
 */
export const strictAjv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(strictAjv);

const strictCompiled = new WeakMap<object, ValidateFunction>();

export function strictValidatorFor<T>(schema: object): ValidateFunction<T> {
  let validate = strictCompiled.get(schema);
  if (!validate) {
    validate = strictAjv.compile(schema);
    strictCompiled.set(schema, validate);
  }
  return validate as ValidateFunction<T>;
}
