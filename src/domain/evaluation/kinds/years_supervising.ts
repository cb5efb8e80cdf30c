import { gapTexts, notes } from '../gap-text';
import type { KindEvaluator } from './kind';
import { tallySupervisionPractice } from './supervision-practice-tally';
import { yearsSince } from './years-since';

/**
 * The first supervision session given + N years on or before asOf. Counted from the log rather
 * than from a date typed in the settings: the first session is evidence an assessor can see.
 */
export const yearsSupervising: KindEvaluator<'years_supervising'> = ({ years }, ctx) =>
  yearsSince(tallySupervisionPractice(ctx).first ?? null, years, ctx.asOf, {
    missingGap: gapTexts.noSupervisionPractice,
    missingNote: notes.noSupervisionPractice,
    gap: gapTexts.yearsSupervising,
    note: notes.firstSupervisionGiven,
  });
