import { addDays, daysBetween, type DateWindow } from './windows';

/**
 * When a gap closes at the applicant's recent pace. Deliberately simple, so it can be explained
 * on the dashboard in one sentence: pace = what was added in the last 6 months before the
 * evaluation date (both ends included, same counting rules as the requirement) per calendar day
 * of that window; the gap closes after ceil(gap / pace) days. No pace: null ("not at the current
 * pace").
 *
 * For the window kinds (items, CPD, supervision per year, windowed hours) this is an
 * approximation: as days pass, old records also leave the window, which this ignores. It answers
 * "roughly when, if I keep going like this", not a promise.
 */
export function forecastAtPace(asOf: string, gap: number, addedInPaceWindow: number, paceWindow: DateWindow): { date: string | null } {
  if (!(addedInPaceWindow > 0) || !(gap > 0)) return { date: null };
  const days = daysBetween(paceWindow.from, paceWindow.to) + 1;
  // gap / (added / days), written so that exact multiples are not pushed up a day by float noise.
  const daysNeeded = Math.max(1, Math.ceil((gap * days) / addedInPaceWindow - 1e-9));
  return { date: addDays(asOf, daysNeeded) };
}
