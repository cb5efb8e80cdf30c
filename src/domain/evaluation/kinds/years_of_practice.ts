import { gapTexts, notes } from '../gap-text';
import { addYears, wholeYearsBetween } from '../windows';
import type { KindEvaluator } from './kind';

/** First practice date + N years on or before asOf. No records: the date is a portfolio setting. */
export const yearsOfPractice: KindEvaluator<'years_of_practice'> = ({ years }, ctx) => {
  const first = ctx.portfolio.firstPracticeDate?.trim() || null;
  if (!first) {
    // No forecast: there is no date to count from, and "not at the current pace" would mislead.
    return { met: false, required: years, actual: 0, unit: 'years', gapText: gapTexts.noFirstPracticeDate, notes: [notes.noFirstPractice], counted: [], excluded: [] };
  }
  const reachedOn = addYears(first, years);
  const met = reachedOn <= ctx.asOf;
  return {
    met,
    required: years,
    actual: wholeYearsBetween(first, ctx.asOf),
    unit: 'years',
    gapText: met ? '' : gapTexts.years(years, reachedOn),
    notes: [notes.firstPractice(first)],
    counted: [],
    excluded: [],
    // Time needs no pace: the exact date is known.
    forecast: met ? undefined : { date: reachedOn },
  };
};
