import { gapTexts, notes } from '../gap-text';
import type { KindEvaluator } from './kind';
import { yearsSince } from './years-since';

/** First practice date + N years on or before asOf. No records: the date is a portfolio setting. */
export const yearsOfPractice: KindEvaluator<'years_of_practice'> = ({ years }, ctx) =>
  yearsSince(ctx.portfolio.firstPracticeDate?.trim() || null, years, ctx.asOf, {
    missingGap: gapTexts.noFirstPracticeDate,
    missingNote: notes.noFirstPractice,
    gap: gapTexts.years,
    note: notes.firstPractice,
  });
