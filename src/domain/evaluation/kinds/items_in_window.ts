import type { RecordRef } from '../evaluation';
import type { EvaluationContext, Excluded } from '../context';
import { gapTexts, notes, reasons } from '../gap-text';
import { gapOf } from '../numbers';
import { inWindow, windowEndingOn, type DateWindow } from '../windows';
import type { KindEvaluator } from './kind';

type Item = 'feedback' | 'reflection' | 'case_study';

interface ItemTally {
  count: number;
  paceCount: number;
  counted: RecordRef[];
  excluded: Excluded[];
}

/**
 * Feedback items come from the feedback log; reflections and case studies share the reflections
 * log, so asking for one excludes the other kind with its reason (every record of the log is
 * accounted for). The first reason that applies is given: the date, then the kind.
 */
function tallyItems(ctx: EvaluationContext, item: Item, window: DateWindow): ItemTally {
  return ctx.memo(`items|${item}|${window.from}`, () => {
    const { records, refs } = item === 'feedback' ? ctx.feedback : ctx.reflections;
    const outside = reasons.outsideWindow(window);
    const wrongKind = item === 'reflection' ? reasons.caseStudyNotReflection : reasons.reflectionNotCaseStudy;
    const tally: ItemTally = { count: 0, paceCount: 0, counted: [], excluded: [] };
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i]!;
      const rightKind = item === 'feedback' || ('kind' in record && record.kind === item);
      if (rightKind && inWindow(record.date, ctx.paceWindow)) tally.paceCount += 1;
      if (!inWindow(record.date, window)) tally.excluded.push({ ref: refs[i]!, reason: outside });
      else if (!rightKind) tally.excluded.push({ ref: refs[i]!, reason: wrongKind });
      else {
        tally.counted.push(refs[i]!);
        tally.count += 1;
      }
    }
    return tally;
  });
}

/** Feedback items, reflections or case studies dated in the window (default 12 months). */
export const itemsInWindow: KindEvaluator<'items_in_window'> = ({ item, count, windowMonths = 12 }, ctx) => {
  const window = windowEndingOn(ctx.asOf, windowMonths);
  const tally = tallyItems(ctx, item, window);
  const met = tally.count >= count;
  return {
    met,
    required: count,
    actual: tally.count,
    unit: 'items',
    gapText: met ? '' : gapTexts.items(gapOf(count, tally.count), item, window),
    notes: [notes.itemsWindow(item, windowMonths, window)],
    window,
    counted: tally.counted,
    excluded: tally.excluded,
    paceAdded: tally.paceCount,
  };
};
