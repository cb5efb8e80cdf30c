import type { RecordRef } from '../evaluation';
import type { EvaluationContext, Excluded } from '../context';
import { gapTexts, notes, reasons } from '../gap-text';
import { gapOf } from '../numbers';
import { inWindow } from '../windows';
import type { KindEvaluator } from './kind';

interface CaseStudyTally {
  count: number;
  paceCount: number;
  counted: RecordRef[];
  excluded: Excluded[];
}

/** Case studies on or before asOf, whatever their age; reflections of the shared log are excluded. */
function tallyCaseStudies(ctx: EvaluationContext): CaseStudyTally {
  return ctx.memo('case_studies', () => {
    const tally: CaseStudyTally = { count: 0, paceCount: 0, counted: [], excluded: [] };
    const { records, refs } = ctx.reflections;
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i]!;
      if (record.date > ctx.asOf) tally.excluded.push({ ref: refs[i]!, reason: reasons.afterAsOf });
      else if (record.kind !== 'case_study') tally.excluded.push({ ref: refs[i]!, reason: reasons.reflectionNotCaseStudy });
      else {
        tally.counted.push(refs[i]!);
        tally.count += 1;
        if (inWindow(record.date, ctx.paceWindow)) tally.paceCount += 1;
      }
    }
    return tally;
  });
}

export const caseStudyPresent: KindEvaluator<'case_study_present'> = ({ count = 1 }, ctx) => {
  const tally = tallyCaseStudies(ctx);
  const met = tally.count >= count;
  return {
    met,
    required: count,
    actual: tally.count,
    unit: 'items',
    gapText: met ? '' : gapTexts.caseStudies(gapOf(count, tally.count)),
    notes: [notes.caseStudies(ctx.asOf)],
    counted: tally.counted,
    excluded: tally.excluded,
    paceAdded: tally.paceCount,
  };
};
