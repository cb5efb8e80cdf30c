import { dataValidatorFor, fieldErrors } from '../../validation/ajv';
import { validationError } from '../../errors';
import { commonChecks } from './record-checks';
import type { RecordDefinition, RecordValues } from '.';

/**
 * Checks a record's values: the type's JSON Schema (the same for forms, the API and imports),
 * then the rules across fields. The values must already be typed (a form's strings are read
 * by its page first): nothing is coerced and an unknown field is an error. Returns the values
 * or throws field errors.
 */
export function validateRecord(definition: RecordDefinition, input: unknown, today: string): RecordValues {
  const values = structuredClone((input ?? {}) as RecordValues);
  const validate = dataValidatorFor<RecordValues>(definition.schema);
  if (!validate(values)) throw validationError(fieldErrors(validate.errors));
  const errors = commonChecks(definition, values, today);
  if (Object.keys(errors).length) throw validationError(errors);
  return values;
}
