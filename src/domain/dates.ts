/** Dates without a time are ISO strings ('2026-03-12') everywhere; these helpers stay in UTC. */

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * "12 March 2026" from '2026-03-12' (as Intl's en-GB long date writes it, without its cost: a log
 * page formats a few hundred dates per view), read off the string's own digits.
 */
export const formatIsoDate = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTH_NAMES[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(0, 4))}`;

/** "March 2026" from '2026-03-12' (as Intl's en-GB month and year, without its cost). */
export const formatIsoMonth = (iso: string) => `${MONTH_NAMES[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(0, 4))}`;

const twoDigits = (value: number) => (value < 10 ? `0${value}` : `${value}`);

/** "12 March 2026 at 14:05 UTC" for a moment (Intl's en-GB date and 24-hour time, in UTC, without its cost: a dashboard writes one per recent record). */
export const formatUtcDateTime = (at: Date) => `${at.getUTCDate()} ${MONTH_NAMES[at.getUTCMonth()]} ${at.getUTCFullYear()} at ${twoDigits(at.getUTCHours())}:${twoDigits(at.getUTCMinutes())} UTC`;

/** Today's ISO date (UTC) for a clock reading. */
export const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** True for a real calendar date in ISO form. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** "1.5 h": hours with up to two decimals, no trailing zeros. */
export const formatHours = (value: number | string | null | undefined) => (value == null || value === '' ? '' : `${Number(Number(value).toFixed(2))} h`);
