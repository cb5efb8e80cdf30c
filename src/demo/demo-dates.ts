/** Date arithmetic on ISO days (UTC), for placing demo records relative to "today". */

const DAY_MS = 86_400_000;

const toTime = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The ISO day `days` before `iso`. */
export const daysBefore = (iso: string, days: number) => toIso(toTime(iso) - days * DAY_MS);

/** The ISO day `days` after `iso`. */
export const daysAfter = (iso: string, days: number) => toIso(toTime(iso) + days * DAY_MS);

/** Whole days from `from` to `to` (positive when `to` is later). */
export const daysBetween = (from: string, to: string) => Math.round((toTime(to) - toTime(from)) / DAY_MS);

/** Saturday and Sunday move back to the Friday before: sessions happen on working days, never later than planned. */
export function workingDayOnOrBefore(iso: string): string {
  const weekday = new Date(toTime(iso)).getUTCDay();
  return weekday === 6 ? daysBefore(iso, 1) : weekday === 0 ? daysBefore(iso, 2) : iso;
}

/** The same calendar day `years` earlier (29 February becomes 28 February). */
export function yearsBefore(iso: string, years: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year - years, month - 1, day));
  if (date.getUTCMonth() !== month - 1) date.setUTCDate(0);
  return toIso(date.getTime());
}
