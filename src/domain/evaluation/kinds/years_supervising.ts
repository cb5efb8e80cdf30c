import { gapTexts, notes } from '../gap-text';
import { addYears, wholeYearsBetween } from '../windows';
import type { KindEvaluator } from './kind';
import { tallySupervisionPractice } from './supervision-practice-tally';

/**
 * The first supervision session given + N years on or before asOf. Counted from the log rather
 * than from a date typed in the settings: the first session is evidence an assessor can see.
 */
export const yearsSupervising: KindEvaluator<'years_supervising'> = ({ years }, ctx) => {
  const tally = tallySupervisionPractice(ctx);
  const first = tally.first;
  if (!first) {
    return { met: false, required: years, actual: 0, unit: 'years', gapText: gapTexts.noSupervisionPractice, notes: [notes.noSupervisionPractice], counted: [], excluded: [] };
  }
  const reachedOn = addYears(first, years);
  const met = reachedOn <= ctx.asOf;
  return {
    met,
    required: years,
    actual: wholeYearsBetween(first, ctx.asOf),
    unit: 'years',
    gapText: met ? '' : gapTexts.yearsSupervising(years, reachedOn),
    notes: [notes.firstSupervisionGiven(first)],
    counted: [],
    excluded: [],
    forecast: met ? undefined : { date: reachedOn },
  };
};
