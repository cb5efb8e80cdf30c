import { gapTexts, notes } from '../gap-text';
import { windowEndingOn } from '../windows';
import { atLeastHours, type KindEvaluator } from './kind';
import { supervisionDetail, supervisionNotes, supervisionRules, tallySupervision } from './supervision-tally';

/** Accepted supervision hours in the window (EMCC: at least 4 h of individual supervision a year). */
export const supervisionPerYear: KindEvaluator<'supervision_per_year'> = (params, ctx) => {
  const { hours, windowMonths = 12 } = params;
  const rules = supervisionRules(params);
  const window = windowEndingOn(ctx.asOf, windowMonths);
  const tally = tallySupervision(ctx, window, rules);
  return {
    ...atLeastHours(hours, tally, (gap) => gapTexts.supervisionHours(gap, rules.formats, window), [notes.supervisionWindow(windowMonths, window), ...supervisionNotes(rules)], window),
    ...supervisionDetail(tally, rules),
  };
};
