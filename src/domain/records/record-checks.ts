import type { RecordDefinition, RecordValues } from './record-definition';
import { formatIsoDate } from '../dates';

/** Rules every record type shares: no date after today, no range that ends before it starts. */
export function commonChecks(definition: RecordDefinition, values: RecordValues, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of definition.fields) {
    const value = values[field.name];
    if (field.notFuture && typeof value === 'string' && value > today) {
      errors[field.name] = `${field.label} cannot be after today (${formatIsoDate(today)}): this log records what has happened.`;
    }
  }
  return { ...errors, ...definition.check?.(values, today) };
}

/** An end date before its start date. */
export function rangeError(values: RecordValues, startField: string, endField: string): Record<string, string> {
  const start = values[startField];
  const end = values[endField];
  if (typeof start === 'string' && typeof end === 'string' && end < start) {
    return { [endField]: `The end date (${formatIsoDate(end)}) is before the start date (${formatIsoDate(start)}). Check both.` };
  }
  return {};
}
