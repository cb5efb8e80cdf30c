import { addYears, wholeYearsBetween } from '../windows';
import type { KindOutcome } from './kind';

/**
 * "N years since a first date" (of practice, of supervising), shared by the two kinds that ask
 * it: met once first + N years is on or before asOf. Time needs no pace, so the forecast is the
 * exact date. Without a first date there is nothing to count from, and no forecast either.
 */
export function yearsSince(
  first: string | null,
  years: number,
  asOf: string,
  words: { missingGap: string; missingNote: string; gap: (years: number, reachedOn: string) => string; note: (first: string) => string },
): KindOutcome {
  if (!first) return { met: false, required: years, actual: 0, unit: 'years', gapText: words.missingGap, notes: [words.missingNote], counted: [], excluded: [] };
  const reachedOn = addYears(first, years);
  const met = reachedOn <= asOf;
  return {
    met,
    required: years,
    actual: wholeYearsBetween(first, asOf),
    unit: 'years',
    gapText: met ? '' : words.gap(years, reachedOn),
    notes: [words.note(first)],
    counted: [],
    excluded: [],
    forecast: met ? undefined : { date: reachedOn },
  };
}
