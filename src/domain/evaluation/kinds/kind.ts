import type { RequirementKind, RequirementParams } from '../../criteria/criteria-set';
import type { RequirementResult } from '../evaluation';
import type { EvaluationContext } from '../context';

/**
 * What one kind works out; evaluate.ts adds the requirement's own fields (id, label, source …),
 * the gap, rounding, and the forecast from `paceAdded` (so every kind forecasts the same way).
 */
export type KindOutcome = Omit<RequirementResult, 'id' | 'kind' | 'label' | 'explanation' | 'source' | 'confidence' | 'gap'> & {
  /** For the pace forecast: what the same rules count in the last 6 months before asOf. */
  paceAdded?: number;
};

export type KindEvaluator<K extends RequirementKind> = (params: RequirementParams[K], ctx: EvaluationContext) => KindOutcome;
