import { commonChecks } from '../records/record-checks';
import type { RecordDefinition, RecordValues } from '../records/record-definition';
import { dataValidatorFor, fieldErrors } from '../../validation/ajv';

/**
 * The same rules as the forms: the record's JSON Schema, then the rules across fields.
 * A schema message wins over a cross-field one for the same field (it is the more basic).
 */
export function recordProblems(definition: RecordDefinition, values: RecordValues, today: string): Record<string, string> {
  const validate = dataValidatorFor(definition.schema);
  const schemaErrors = validate(values) ? {} : fieldErrors(validate.errors);
  return { ...commonChecks(definition, values, today), ...schemaErrors };
}
