import type { RequirementKind, RequirementParams } from '../../criteria/criteria-set';
import type { RequirementResult } from '../evaluation';
import type { EvaluationContext } from '../context';
import { gapOf, round2 } from '../numbers';

/**
 * What one kind works out; evaluate.ts adds the requirement's own fields (id, label, source …),
 * the gap, rounding, and the forecast from `paceAdded` (so every kind forecasts the same way).
 */
export type KindOutcome = Omit<RequirementResult, 'id' | 'kind' | 'label' | 'explanation' | 'source' | 'confidence' | 'gap'> & {
  /** For the pace forecast: what the same rules count in the last 6 months before asOf. */
  paceAdded?: number;
};

export type KindEvaluator<K extends RequirementKind> = (params: RequirementParams[K], ctx: EvaluationContext) => KindOutcome;

/** What an hours tally holds: its sum, what the last 6 months added, and every record's fate. */
export interface HoursTally {
  hours: number;
  paceHours: number;
  counted: KindOutcome['counted'];
  excluded: KindOutcome['excluded'];
}

/**
 * The outcome of "at least `required` hours of what the tally counted", shared by the hours
 * kinds; each gives its own words for the gap and its notes.
 */
export function atLeastHours(required: number, tally: HoursTally, gapText: (gap: number) => string, notes: string[], window?: KindOutcome['window']): KindOutcome {
  const actual = round2(tally.hours);
  const met = actual >= required;
  return {
    met,
    required,
    actual,
    unit: 'hours',
    gapText: met ? '' : gapText(gapOf(required, actual)),
    notes,
    ...(window ? { window } : {}),
    counted: tally.counted,
    excluded: tally.excluded,
    paceAdded: tally.paceHours,
  };
}
