import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import addErrors from 'ajv-errors';

/**
 * Two instances for data, by where the data comes from:
 * - `ajv` reads what a browser sends (every value a string, fields the page adds such as the
 *   CSRF token): it coerces types and drops unknown fields, so a form can be friendly;
 * - `dataAjv` checks data that is already typed (the JSON API, the services, imports): nothing is
 *   coerced or dropped, so a wrong type or an unknown field is an error, never a silent change.
 * Both compile each schema once; both carry the schemas' own messages (ajv-errors).
 */
export const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: true, removeAdditional: 'all' });
addFormats(ajv);
addErrors(ajv);

/** Decimal steps such as 0.01 are checked to 8 decimal places, so 1.15 is a multiple of 0.01 despite binary floats. */
export const dataAjv = new Ajv({ allErrors: true, verbose: true, multipleOfPrecision: 8 });
addFormats(dataAjv);
addErrors(dataAjv);

function compiler(instance: Ajv) {
  const compiled = new WeakMap<object, ValidateFunction>();
  return <T>(schema: object): ValidateFunction<T> => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = instance.compile(schema);
      compiled.set(schema, validate);
    }
    return validate as ValidateFunction<T>;
  };
}

/** A form body's validator (coercing), compiled on first use only. */
export const validatorFor: <T>(schema: object) => ValidateFunction<T> = compiler(ajv);

/** A typed value's validator (no coercion, unknown fields refused), compiled on first use only. */
export const dataValidatorFor: <T>(schema: object) => ValidateFunction<T> = compiler(dataAjv);

/** Field name (the JSON pointer's segments joined by dots, or the missing or unknown property) → first message. */
export function fieldErrors(errors: ErrorObject[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors ?? []) {
    const field = fieldOf(error);
    if (!(field in out)) out[field] = messageOf(error);
  }
  return out;
}

function fieldOf(error: ErrorObject): string {
  const original = (error.params as { errors?: ErrorObject[] }).errors?.[0] ?? error;
  const params = original.params as { missingProperty?: string; additionalProperty?: string };
  // A message the schema gives (ajv-errors) stands for the errors under it: it belongs to its own place.
  const pointer = error.instancePath.split('/').filter(Boolean);
  if (params.missingProperty) pointer.push(params.missingProperty);
  if (original.keyword === 'additionalProperties' && params.additionalProperty !== undefined) pointer.push(params.additionalProperty);
  return pointer.join('.') || '_form';
}

/** An unknown field is named, with the fields there are (from the schema, when ajv was verbose). */
function messageOf(error: ErrorObject): string {
  if (error.keyword !== 'additionalProperties') return error.message ?? 'is not valid';
  const name = (error.params as { additionalProperty: string }).additionalProperty;
  const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  return `“${name}” is not a field here: remove it or correct its name${known.length ? ` (the fields are ${known.join(', ')})` : ''}.`;
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
