import { gapTexts, notes } from '../gap-text';
import { windowEndingOn } from '../windows';
import { atLeastHours, type KindEvaluator } from './kind';
import { tallyPractice } from './practice-tally';

/** Client practice hours, lifetime by default (EIA), or in a window (ICF's "within 18 months"). */
export const practiceHours: KindEvaluator<'practice_hours'> = ({ hours, paidOnly = false, windowMonths }, ctx) => {
  const window = windowMonths === undefined ? undefined : windowEndingOn(ctx.asOf, windowMonths);
  const tally = tallyPractice(ctx, window ?? null, paidOnly);
  return atLeastHours(
    hours,
    tally,
    (gap) => gapTexts.practiceHours(gap, paidOnly, window),
    [window ? notes.practiceWindow(windowMonths!, window) : notes.practiceLifetime(ctx.asOf), paidOnly ? notes.paidOnly : notes.paidAndProBono],
    window,
  );
};
