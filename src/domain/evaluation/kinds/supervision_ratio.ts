import { gapTexts, notes } from '../gap-text';
import { ceil2, gapOf, round2 } from '../numbers';
import { windowEndingOn } from '../windows';
import type { KindEvaluator } from './kind';
import { practiceHoursIn } from './practice-tally';
import { supervisionDetail, supervisionNotes, supervisionRules, tallySupervision } from './supervision-tally';

/**
 * At least 1 h of accepted supervision per N h of client practice, both in the same window.
 * The hours needed are rounded UP to 2 decimals, so exactly 1:35 is met and anything below is
 * not. counted/excluded list the supervision log (what the actual figure is made of); the
 * practice hours behind the required figure are given in a note.
 */
export const supervisionRatio: KindEvaluator<'supervision_ratio'> = (params, ctx) => {
  const { practiceHoursPerSupervisionHour: perHours, windowMonths = 12 } = params;
  const rules = supervisionRules(params);
  const window = windowEndingOn(ctx.asOf, windowMonths);
  // All client practice counts here (paid and pro bono): the ratio is about practice supervised.
  const practice = round2(practiceHoursIn(ctx, window));
  const tally = tallySupervision(ctx, window, rules);
  const required = practice > 0 ? ceil2(practice / perHours) : 0;
  const actual = round2(tally.hours);
  const met = actual >= required;
  return {
    met,
    required,
    actual,
    unit: 'hours',
    gapText: met ? '' : gapTexts.supervisionRatio(gapOf(required, actual), rules.formats, perHours, window),
    notes: [notes.ratio(perHours, rules.formats, windowMonths, window), notes.ratioPractice(practice), ...supervisionNotes(rules)],
    window,
    counted: tally.counted,
    excluded: tally.excluded,
    ...supervisionDetail(tally, rules),
  };
};
