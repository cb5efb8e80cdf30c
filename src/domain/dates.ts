/** Dates without a time are ISO strings ('2026-03-12') everywhere; these helpers stay in UTC. */

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * "12 March 2026" from '2026-03-12' (as Intl's en-GB long date writes it, without its cost: a log
 * page formats a few hundred dates per view).
 */
export const formatIsoDate = (iso: string) => {
  const date = new Date(`${iso}T00:00:00Z`);
  return `${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
};

/** "March 2026" from '2026-03-12' (as Intl's en-GB month and year, without its cost). */
export const formatIsoMonth = (iso: string) => `${MONTH_NAMES[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(0, 4))}`;

/** "12 March 2026 at 14:05 UTC" for a moment (Intl's en-GB date and 24-hour time, in UTC, without its cost: a dashboard writes one per recent record). */
export const formatUtcDateTime = (at: Date) => {
  const iso = at.toISOString();
  return `${formatIsoDate(iso.slice(0, 10))} at ${iso.slice(11, 16)} UTC`;
};

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
