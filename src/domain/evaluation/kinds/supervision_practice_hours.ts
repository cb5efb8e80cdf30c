import { gapTexts, notes } from '../gap-text';
import { atLeastHours, type KindEvaluator } from './kind';
import { tallySupervisionPractice } from './supervision-practice-tally';

/** Supervision contact hours given, on or before asOf; a group session's hours count once. */
export const supervisionPracticeHours: KindEvaluator<'supervision_practice_hours'> = ({ hours }, ctx) => {
  const tally = tallySupervisionPractice(ctx);
  return atLeastHours(hours, { hours: tally.hours, paceHours: tally.paceHours, counted: tally.counted, excluded: tally.excluded }, gapTexts.supervisionPracticeHours, [
    notes.supervisionPracticeDated(ctx.asOf),
    notes.groupHoursOnce,
  ]);
};
