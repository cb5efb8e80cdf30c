import { formatIsoDate, isIsoDate } from '../dates';

/** How the slash dates of one column are written: day-first, month-first, or not knowable. */
export type DateConvention = 'dmy' | 'mdy' | 'unknown';
export type ParsedDate = { iso: string; shown?: string } | { error: string };

// Year first is never ambiguous; a time part (from an export of date-time cells) is ignored.
const YEAR_FIRST = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_MONTH_YEAR = /^(\d{1,2})([/.-])(\d{1,2})\2(\d+)(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const EXCEL_SERIAL = /^\d{5}(?:\.\d+)?$/;

const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const nameOfMonth = (month: number) => monthName.format(new Date(Date.UTC(2000, month - 1, 1)));
const pad = (part: number) => String(part).padStart(2, '0');
const isoOf = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

const messages = {
  unreadable: (raw: string) => `“${raw}” is not a date we can read: write it as 2026-03-12 (year-month-day) or 12/03/2026 (day/month/year).`,
  excelSerial: (raw: string) => `${raw} looks like a date that Excel stored as a number: format that column as a date in your spreadsheet (or type 2026-03-12), then save the file again.`,
  twoDigitYear: (raw: string, year: string) => `${raw} has a two-digit year: write the year in full (such as ${raw.slice(0, raw.lastIndexOf(year))}20${year}) so that the century is not guessed.`,
  noSuchMonthIso: (raw: string, month: number) => `${raw} is not a date: there is no month ${month}. Write dates as year-month-day, such as 2026-03-12.`,
  noSuchMonth: (raw: string, month: number, day: number, year: number) =>
    `${raw} is not a date read day-first (day/month/year): there is no month ${month}.` +
    (day >= 1 && day <= 12 && isIsoDate(isoOf(year, day, month))
      ? ` If you meant ${formatIsoDate(isoOf(year, day, month))}, write ${month}/${day}/${year} or ${isoOf(year, day, month)}.`
      : ' Check the day and the month.'),
  noSuchDay: (raw: string, month: number, year: number) => {
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${raw} is not a date: ${nameOfMonth(month)} ${year} has ${days} days. Check the day and the month.`;
  },
  ambiguous: (raw: string, first: number, second: number, year: number) =>
    `${raw} could be ${first} ${nameOfMonth(second)} or ${second} ${nameOfMonth(first)} ${year}: write it as ${isoOf(year, second, first)} (year-month-day).`,
  monthFirstColumn: (raw: string, first: number, second: number, year: number) =>
    `${raw} is in a column written month-first (month/day/year), which we do not read: write dates day-first (day/month/year) or as year-month-day` +
    (isIsoDate(isoOf(year, first, second)) ? `; if you meant ${formatIsoDate(isoOf(year, first, second))}, write ${isoOf(year, first, second)}.` : '.'),
};

/**
 * Reads a date written as ISO (2026-03-12) or day-first (12/03/2026, 12.03.2026, 12-03-2026).
 * A day-first date whose day and month could be swapped is read day-first only when the
 * column's convention says so; otherwise it is an error, never a guess.
 */
export function parseDate(raw: string, convention: DateConvention): ParsedDate {
  const text = raw.trim();
  const yearFirst = YEAR_FIRST.exec(text);
  if (yearFirst) {
    const month = Number(yearFirst[3]);
    if (month < 1 || month > 12) return { error: messages.noSuchMonthIso(text, month) };
    return calendarDate(text, Number(yearFirst[1]), month, Number(yearFirst[4]));
  }

  const dayFirst = DAY_MONTH_YEAR.exec(text);
  if (!dayFirst) return { error: EXCEL_SERIAL.test(text) ? messages.excelSerial(text) : messages.unreadable(text) };
  const [first, second, yearText] = [Number(dayFirst[1]), Number(dayFirst[3]), dayFirst[4]!];
  if (yearText.length === 2) return { error: messages.twoDigitYear(text, yearText) };
  if (yearText.length !== 4) return { error: messages.unreadable(text) };
  const year = Number(yearText);

  const swappable = first !== second && first <= 12 && second <= 12;
  if (convention === 'mdy' && first !== second) return { error: messages.monthFirstColumn(text, first, second, year) };
  if (convention === 'unknown' && swappable) return { error: messages.ambiguous(text, first, second, year) };
  const parsed = calendarDate(text, year, second, first);
  return 'iso' in parsed ? { iso: parsed.iso, shown: formatIsoDate(parsed.iso) } : parsed;
}

function calendarDate(raw: string, year: number, month: number, day: number): ParsedDate {
  if (month < 1 || month > 12) return { error: messages.noSuchMonth(raw, month, day, year) };
  const iso = isoOf(year, month, day);
  return isIsoDate(iso) ? { iso } : { error: messages.noSuchDay(raw, month, year) };
}

/** What a column's day-first-looking dates reveal: a first part over 12, a second part over 12. */
export function dateEvidence(values: readonly string[]): { dayFirst: boolean; monthFirst: boolean } {
  let dayFirst = false;
  let monthFirst = false;
  for (const value of values) {
    const match = DAY_MONTH_YEAR.exec(value.trim());
    if (!match) continue;
    if (Number(match[1]) > 12) dayFirst = true;
    if (Number(match[3]) > 12) monthFirst = true;
    if (dayFirst && monthFirst) break;
  }
  return { dayFirst, monthFirst };
}

/**
 * The convention of a whole column: day-first if some date has a first part over 12,
 * month-first if some date has a second part over 12; both or neither is 'unknown'.
 */
export function inferDateConvention(values: readonly string[]): DateConvention {
  const { dayFirst, monthFirst } = dateEvidence(values);
  if (dayFirst === monthFirst) return 'unknown';
  return dayFirst ? 'dmy' : 'mdy';
}
