import type { Evidence, RecordRef } from '../evaluation';
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
function tallyItems(ctx: EvaluationContext, item: Item, window: DateWindow, minWords: number): ItemTally {
  return ctx.memo(`items|${item}|${window.from}|${minWords}`, () => {
    const { records, refs } = item === 'feedback' ? ctx.feedback : ctx.reflections;
    const outside = reasons.outsideWindow(window);
    const wrongKind = item === 'reflection' ? reasons.caseStudyNotReflection : reasons.reflectionNotCaseStudy;
    const tally: ItemTally = { count: 0, paceCount: 0, counted: [], excluded: [] };
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i]!;
      const rightKind = item === 'feedback' || ('kind' in record && record.kind === item);
      const words = item === 'feedback' ? 0 : (record as Evidence['reflections'][number]).words; // feedback has no text to count
      const longEnough = minWords === 0 || words >= minWords;
      if (rightKind && longEnough && inWindow(record.date, ctx.paceWindow)) tally.paceCount += 1;
      if (!inWindow(record.date, window)) tally.excluded.push({ ref: refs[i]!, reason: outside });
      else if (!rightKind) tally.excluded.push({ ref: refs[i]!, reason: wrongKind });
      else if (!longEnough) tally.excluded.push({ ref: refs[i]!, reason: reasons.tooShort(words, minWords) });
      else {
        tally.counted.push(refs[i]!);
        tally.count += 1;
      }
    }
    return tally;
  });
}

/**
 * Feedback items, reflections or case studies dated in the window (default 12 months); with
 * minWords, only reflections or case studies at least that long (a renewal's ~500-word report).
 */
export const itemsInWindow: KindEvaluator<'items_in_window'> = ({ item, count, windowMonths = 12, minWords = 0 }, ctx) => {
  const window = windowEndingOn(ctx.asOf, windowMonths);
  const tally = tallyItems(ctx, item, window, minWords);
  const met = tally.count >= count;
  return {
    met,
    required: count,
    actual: tally.count,
    unit: 'items',
    gapText: met ? '' : gapTexts.items(gapOf(count, tally.count), item, window),
    notes: minWords ? [notes.itemsWindow(item, windowMonths, window), notes.minWords(minWords)] : [notes.itemsWindow(item, windowMonths, window)],
    window,
    counted: tally.counted,
    excluded: tally.excluded,
    paceAdded: tally.paceCount,
  };
};
