import { gapTexts, notes } from '../gap-text';
import { gapOf, round2 } from '../numbers';
import { windowEndingOn } from '../windows';
import type { KindEvaluator } from './kind';
import { tallyPractice } from './practice-tally';

/** Client practice hours, lifetime by default (EIA), or in a window (ICF's "within 18 months"). */
export const practiceHours: KindEvaluator<'practice_hours'> = ({ hours, paidOnly = false, windowMonths }, ctx) => {
  const window = windowMonths === undefined ? undefined : windowEndingOn(ctx.asOf, windowMonths);
  const tally = tallyPractice(ctx, window ?? null, paidOnly);
  const actual = round2(tally.hours);
  const met = actual >= hours;
  return {
    met,
    required: hours,
    actual,
    unit: 'hours',
    gapText: met ? '' : gapTexts.practiceHours(gapOf(hours, actual), paidOnly, window),
    notes: [window ? notes.practiceWindow(windowMonths!, window) : notes.practiceLifetime(ctx.asOf), paidOnly ? notes.paidOnly : notes.paidAndProBono],
    ...(window ? { window } : {}),
    counted: tally.counted,
    excluded: tally.excluded,
    paceAdded: tally.paceHours,
  };
};
