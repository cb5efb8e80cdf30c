import { formatHours } from '../dates';
import { parseDate, parseHours, type DateConvention } from './parse-values';

/** A cell read into a typed value, or the message saying what to write instead. */
export type CellReading<T> = { value: T; interpretation?: string } | { error: string };

/** A date cell; day-first dates say how they were read, so the preview can show it. */
export function readDateCell(label: string, raw: string, convention: DateConvention): CellReading<string> {
  const parsed = parseDate(raw, convention);
  if ('error' in parsed) return parsed;
  return { value: parsed.iso, interpretation: parsed.shown && `${label} ${raw} read as ${parsed.shown}` };
}

// "2", "1.5" or "2 h" need no explanation; 1:30, 90 min and 1,5 do.
const PLAIN_HOURS = /^(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)?$/i;

/** An hours cell; anything but a plain decimal (1:30, 90 min, 1,5) says how it was read. */
export function readHoursCell(label: string, raw: string): CellReading<number> {
  const hours = parseHours(raw);
  if (typeof hours !== 'number') return hours;
  const plain = Number(PLAIN_HOURS.exec(raw)?.[1]) === hours;
  return { value: hours, interpretation: plain ? undefined : `${label} ${raw} read as ${formatHours(hours)}` };
}

/** A count such as a group size. */
export function readWholeNumberCell(raw: string): CellReading<number> {
  return /^\d+$/.test(raw) ? { value: Number(raw) } : { error: `“${raw}” is not a whole number: enter how many, such as 4.` };
}
