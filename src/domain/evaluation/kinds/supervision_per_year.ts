import { gapTexts, notes } from '../gap-text';
import { gapOf, round2 } from '../numbers';
import { windowEndingOn } from '../windows';
import type { KindEvaluator } from './kind';
import { supervisionNotes, supervisionRules, tallySupervision } from './supervision-tally';

/** Accepted supervision hours in the window (EMCC: at least 4 h of individual supervision a year). */
export const supervisionPerYear: KindEvaluator<'supervision_per_year'> = (params, ctx) => {
  const { hours, windowMonths = 12 } = params;
  const rules = supervisionRules(params);
  const window = windowEndingOn(ctx.asOf, windowMonths);
  const tally = tallySupervision(ctx, window, rules);
  const actual = round2(tally.hours);
  const met = actual >= hours;
  return {
    met,
    required: hours,
    actual,
    unit: 'hours',
    gapText: met ? '' : gapTexts.supervisionHours(gapOf(hours, actual), rules.formats, window),
    notes: [notes.supervisionWindow(windowMonths, window), ...supervisionNotes(rules)],
    window,
    counted: tally.counted,
    excluded: tally.excluded,
    supervisionHours: { confirmed: round2(tally.confirmed), unconfirmed: round2(tally.unconfirmed) },
    paceAdded: tally.paceHours,
  };
};
