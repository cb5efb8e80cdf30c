import { gapTexts, notes } from '../gap-text';
import { round2 } from '../numbers';
import { addDays, addMonths, windowEndingOn, type DateWindow } from '../windows';
import type { KindEvaluator } from './kind';
import { supervisionDetail, supervisionNotes, supervisionRules, tallySupervision } from './supervision-tally';

/**
 * "At least 1 h per quarter", read as the same window as every "last 12 months" rule (the
 * evaluation date and the same calendar day a year earlier, both included) split into N
 * consecutive periods of M months, so the periods move with the evaluation date (not calendar
 * quarters). Period k (0 = oldest) starts on asOf − (N−k)·M months and ends the day before the
 * next one starts; the newest ends on asOf. Built from the same boundaries, the periods are
 * contiguous, never overlap, and together are exactly the window.
 */
export function periodsEndingOn(asOf: string, count: number, periodMonths: number): DateWindow[] {
  const starts = Array.from({ length: count }, (_, k) => addMonths(asOf, -(count - k) * periodMonths));
  return starts.map((from, k) => ({ from, to: k + 1 < count ? addDays(starts[k + 1]!, -1) : asOf }));
}

export const supervisionPerPeriod: KindEvaluator<'supervision_per_period'> = (params, ctx) => {
  const { periods: count = 4, periodMonths = 3, minHours = 1 } = params;
  const rules = supervisionRules(params);
  const oldestFirst = periodsEndingOn(ctx.asOf, count, periodMonths);
  const window: DateWindow = windowEndingOn(ctx.asOf, count * periodMonths);
  const tally = tallySupervision(ctx, window, rules);

  const hours = oldestFirst.map(() => 0);
  for (const record of tally.accepted) {
    // Few periods (4): a scan beats a search. The record is in the window, so one matches.
    let index = oldestFirst.length - 1;
    while (record.date < oldestFirst[index]!.from) index -= 1;
    hours[index] += record.hours;
  }
  const periods = oldestFirst.map((period, i) => {
    const total = round2(hours[i]!);
    return { from: period.from, to: period.to, hours: total, met: total >= minHours };
  });
  const metCount = periods.filter((p) => p.met).length;
  const met = metCount >= count;
  return {
    met,
    required: count,
    actual: metCount,
    unit: 'periods',
    gapText: met
      ? ''
      : periods
          .filter((p) => !p.met)
          .map((p) => gapTexts.period(p.hours, minHours, rules.formats, p))
          .join('; '),
    notes: [notes.periods(count, periodMonths, minHours, rules.formats, window), ...supervisionNotes(rules)],
    window,
    counted: tally.counted,
    excluded: tally.excluded,
    periods,
    ...supervisionDetail(tally, rules),
  };
};
