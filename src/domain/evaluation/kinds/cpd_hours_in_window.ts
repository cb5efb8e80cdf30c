import type { RecordRef } from '../evaluation';
import type { EvaluationContext, Excluded } from '../context';
import { gapTexts, notes, reasons } from '../gap-text';
import { inWindow, windowEndingOn, type DateWindow } from '../windows';
import { atLeastHours, type KindEvaluator } from './kind';

interface CpdTally {
  hours: number;
  paceHours: number;
  counted: RecordRef[];
  excluded: Excluded[];
}

/** A CPD activity counts on its end date: a course begun before the window but finished in it counts. */
function tallyCpd(ctx: EvaluationContext, window: DateWindow): CpdTally {
  return ctx.memo(`cpd|${window.from}`, () => {
    const outside = reasons.outsideWindow(window);
    const tally: CpdTally = { hours: 0, paceHours: 0, counted: [], excluded: [] };
    const { records, refs } = ctx.cpd;
    for (let i = 0; i < records.length; i += 1) {
      const activity = records[i]!;
      if (inWindow(activity.endDate, ctx.paceWindow)) tally.paceHours += activity.hours;
      if (!inWindow(activity.endDate, window)) tally.excluded.push({ ref: refs[i]!, reason: outside });
      else {
        tally.counted.push(refs[i]!);
        tally.hours += activity.hours;
      }
    }
    return tally;
  });
}

export const cpdHoursInWindow: KindEvaluator<'cpd_hours_in_window'> = ({ hours, windowMonths = 12 }, ctx) => {
  const window = windowEndingOn(ctx.asOf, windowMonths);
  const tally = tallyCpd(ctx, window);
  return atLeastHours(hours, tally, (gap) => gapTexts.cpdHours(gap, window), [notes.cpdWindow(windowMonths, window)], window);
};
