import { definitionOf, type RecordType } from '../domain/records';
import { displayValue } from '../presenters/records';
import { formatIsoDate } from '../domain/dates';

/** A record field as a person reads it (dates in words, hours with "h", choices by label). */
export function field(type: RecordType, name: string, values: Record<string, unknown>): string {
  const spec = definitionOf(type).fields.find((each) => each.name === name);
  if (!spec) throw new Error(`No field ${name} in ${type}`);
  return displayValue(spec, values[name]);
}

/** "1 item", "2 items". */
export const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "12.5 h" with no trailing zeros, for totals. */
export const hours = (value: number) => `${Number(value.toFixed(2))} h`;

/** "1 February 2026 to 3 February 2026", or one date when the range is one day. */
export const dateRange = (start: unknown, end: unknown) => (end && end !== start ? `${formatIsoDate(String(start))} to ${formatIsoDate(String(end))}` : formatIsoDate(String(start)));

/** A log row's evidence column: "E1, E3", or a dash when no file supports it. */
export const citation = (refs: string) => refs || '–';
