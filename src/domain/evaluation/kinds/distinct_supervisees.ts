import { gapTexts, notes } from '../gap-text';
import { gapOf } from '../numbers';
import type { KindEvaluator } from './kind';
import { tallySupervisionPractice } from './supervision-practice-tally';

/** Distinct supervisee codes in the supervision practice log on or before asOf; a group code as its largest group size. */
export const distinctSupervisees: KindEvaluator<'distinct_supervisees'> = ({ supervisees }, ctx) => {
  const tally = tallySupervisionPractice(ctx);
  const met = tally.supervisees >= supervisees;
  return {
    met,
    required: supervisees,
    actual: tally.supervisees,
    unit: 'supervisees',
    gapText: met ? '' : gapTexts.supervisees(gapOf(supervisees, tally.supervisees)),
    notes: [notes.supervisionPracticeDated(ctx.asOf), notes.superviseesCounted],
    counted: tally.counted,
    excluded: tally.excluded,
    paceAdded: tally.paceSupervisees,
  };
};
