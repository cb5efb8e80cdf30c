/**
 * Calendar-date arithmetic for the evaluation, on ISO dates ('2026-03-12') in UTC.
 *
 * Why strings and not Date objects: ISO dates with four-digit years sort as strings, so the
 * per-record checks are plain comparisons; only the few window boundaries are computed, once per
 * evaluation. The practice log, the one with tens of thousands of records, compares dateKey
 * numbers instead (see PracticeLog in context.ts).
 */

/** A window of calendar dates, both ends included. */
export interface DateWindow {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

function parts(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const toIso = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
const utcMs = (iso: string) => {
  const [year, month, day] = parts(iso);
  return Date.UTC(year, month - 1, day);
};

/** Days in a month (1-12): day 0 of the next month is the last day of this one. */
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The same calendar day `months` later (negative: earlier). The day is clamped to the month's
 * length, as people count months: 31 May − 3 months = 28 (or 29) February.
 */
export function addMonths(iso: string, months: number): string {
  const [year, month, day] = parts(iso);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  return toIso(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/** Years as 12-month steps, so 29 February + 1 year = 28 February. */
export const addYears = (iso: string, years: number) => addMonths(iso, 12 * years);

export function addDays(iso: string, days: number): string {
  const [year, month, day] = parts(iso);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return toIso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Whole days from `from` to `to` (0 for the same day). */
export const daysBetween = (from: string, to: string) => Math.round((utcMs(to) - utcMs(from)) / DAY_MS);

/**
 * The window of `months` months ending on `asOf`: from the same calendar day `months` earlier
 * (clamped) to asOf, both ends included, as the criteria are written ("within the last 12 months").
 */
export const windowEndingOn = (asOf: string, months: number): DateWindow => ({ from: addMonths(asOf, -months), to: asOf });

/** An ISO date as a number that sorts the same way (2026-03-12 → 20260312); '' (no bound) → 0. */
export const dateKey = (iso: string): number => (iso ? Number(iso.slice(0, 4)) * 10_000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10)) : 0);

export const inWindow = (date: string, window: DateWindow) => date >= window.from && date <= window.to;

/** Whole years from `first` to `asOf`: the largest k with first + k years ≤ asOf (0 when first is later). */
export function wholeYearsBetween(first: string, asOf: string): number {
  if (first > asOf) return 0;
  let years = Number(asOf.slice(0, 4)) - Number(first.slice(0, 4));
  if (addYears(first, years) > asOf) years -= 1;
  return Math.max(0, years);
}
