import type { RequestHandler } from 'express';
import type { RecordDefinition } from '../../../domain/records';
import { parseHours } from '../../../domain/import/parse-values';

/**
 * Turns a browser's form body into record values: ticked checkboxes always become a list,
 * and hours may be typed as a person writes them ("1,5", "1:30", "90 min").
 */
export function recordBody(definition: RecordDefinition): RequestHandler {
  return (req, _res, next) => {
    const body = { ...((req.body ?? {}) as Record<string, unknown>) };
    for (const field of definition.fields) {
      const value = body[field.name];
      if (field.control === 'checkboxes') {
        body[field.name] = value === undefined || value === '' ? [] : ([] as unknown[]).concat(value);
      } else if (field.control === 'hours' && typeof value === 'string' && value.trim() !== '') {
        const parsed = parseHours(value);
        if (typeof parsed === 'number') body[field.name] = parsed;
      }
    }
    // An empty list of competences must reach the schema as missing, not as [].
    for (const field of definition.fields) {
      if (field.control === 'checkboxes' && (body[field.name] as unknown[]).length === 0 && field.required) delete body[field.name];
    }
    req.body = body;
    next();
  };
}
