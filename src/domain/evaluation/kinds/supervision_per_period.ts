import { gapTexts, notes } from '../gap-text';
import { round2 } from '../numbers';
import { addDays, addMonths, type DateWindow } from '../windows';
import type { KindEvaluator } from './kind';
import { supervisionNotes, supervisionRules, tallySupervision } from './supervision-tally';

/**
 * "At least 1 h per quarter", read as N consecutive periods of M months ending on asOf, so the
 * periods move with the evaluation date (not calendar quarters): period i (0 = newest) runs from
 * the day after asOf − (i+1)·M months to asOf − i·M months. Being built from the same
 * boundaries, the periods are contiguous and never overlap.
 */
export function periodsEndingOn(asOf: string, count: number, periodMonths: number): DateWindow[] {
  const newestFirst: DateWindow[] = [];
  for (let i = 0; i < count; i += 1) {
    newestFirst.push({ from: addDays(addMonths(asOf, -(i + 1) * periodMonths), 1), to: addMonths(asOf, -i * periodMonths) });
  }
  return newestFirst;
}

export const supervisionPerPeriod: KindEvaluator<'supervision_per_period'> = (params, ctx) => {
  const { periods: count = 4, periodMonths = 3, minHours = 1 } = params;
  const rules = supervisionRules(params);
  const newestFirst = periodsEndingOn(ctx.asOf, count, periodMonths);
  const window: DateWindow = { from: newestFirst[newestFirst.length - 1]?.from ?? ctx.asOf, to: ctx.asOf };
  const tally = tallySupervision(ctx, window, rules);

  const hours = newestFirst.map(() => 0);
  for (const record of tally.accepted) {
    // Few periods (4): a scan beats a search. The record is in the window, so one matches.
    const index = newestFirst.findIndex((period) => record.date >= period.from);
    hours[index] += record.hours;
  }
  const periods = newestFirst
    .map((period, i) => {
      const total = round2(hours[i]);
      return { from: period.from, to: period.to, hours: total, met: total >= minHours };
    })
    .reverse();
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
    notes: [notes.periods(count, periodMonths, minHours, rules.formats, ctx.asOf), ...supervisionNotes(rules)],
    window,
    counted: tally.counted,
    excluded: tally.excluded,
    periods,
    supervisionHours: { confirmed: round2(tally.confirmed), unconfirmed: round2(tally.unconfirmed) },
  };
};
