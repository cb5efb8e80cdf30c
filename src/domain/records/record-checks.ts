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

/**
 * A client code must be a pseudonym: portfolios are read by assessors, and EMCC's ethics ask
 * for client confidentiality. An email address or what looks like a full name is refused
 * with the reason, before it is stored anywhere.
 */
export function clientCodeProblem(code: unknown): string | undefined {
  if (typeof code !== 'string') return undefined;
  if (code.includes('@')) return 'This looks like an email address. Use a pseudonym such as C-017 instead: your portfolio is shared with assessors, and client emails must never be in it.';
  if (/^\p{Lu}\p{Ll}+(?:[\s'-]+\p{Lu}\p{Ll}+)+$/u.test(code.trim())) {
    return 'This looks like a person’s full name. Use a pseudonym such as their initials and a number (AN-01) instead: your portfolio is shared with assessors.';
  }
  return undefined;
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
