import type { CriteriaSet, CriteriaSource, Requirement, RequirementKind } from '../criteria/criteria-set';
import { isIsoDate } from '../dates';
import type { Evaluation, Evidence, LevelResult, RecordRef, RequirementResult } from './evaluation';
import { prepareContext, type EvaluationContext } from './context';
import { forecastAtPace } from './forecast';
import { gapOf, round2 } from './numbers';
import type { KindEvaluator, KindOutcome } from './kinds/kind';
import { caseStudyPresent } from './kinds/case_study_present';
import { competencesEvidenced } from './kinds/competences_evidenced';
import { cpdHoursInWindow } from './kinds/cpd_hours_in_window';
import { distinctClients } from './kinds/distinct_clients';
import { fieldPresent } from './kinds/field_present';
import { guidance } from './kinds/guidance';
import { itemsInWindow } from './kinds/items_in_window';
import { practiceHours } from './kinds/practice_hours';
import { supervisionPerPeriod } from './kinds/supervision_per_period';
import { supervisionPerYear } from './kinds/supervision_per_year';
import { supervisionRatio } from './kinds/supervision_ratio';
import { yearsOfPractice } from './kinds/years_of_practice';

/** One evaluator per kind; the mapped type makes a new kind in criteria-set.ts fail to compile here. */
const KINDS: { [K in RequirementKind]: KindEvaluator<K> } = {
  years_of_practice: yearsOfPractice,
  practice_hours: practiceHours,
  distinct_clients: distinctClients,
  items_in_window: itemsInWindow,
  cpd_hours_in_window: cpdHoursInWindow,
  supervision_per_period: supervisionPerPeriod,
  supervision_per_year: supervisionPerYear,
  supervision_ratio: supervisionRatio,
  competences_evidenced: competencesEvidenced,
  case_study_present: caseStudyPresent,
  field_present: fieldPresent,
  guidance,
};

function runKind(requirement: Requirement, ctx: EvaluationContext): KindOutcome {
  // A Requirement carries its kind and params together; TypeScript cannot correlate the union
  // member with the map entry, hence the one cast.
  const evaluator = KINDS[requirement.kind] as unknown as ((params: Requirement['params'], ctx: EvaluationContext) => KindOutcome) | undefined;
  if (!evaluator) throw new Error(`Requirement ${requirement.id} has an unknown kind "${requirement.kind}".`);
  return evaluator(requirement.params, ctx);
}

function evaluateRequirement(requirement: Requirement, ctx: EvaluationContext, sources: Map<string, CriteriaSource>): RequirementResult {
  const outcome = runKind(requirement, ctx);
  const required = round2(outcome.required);
  const actual = round2(outcome.actual);
  const gap = gapOf(required, actual);
  const result: RequirementResult = {
    id: requirement.id,
    kind: requirement.kind,
    label: requirement.label,
    explanation: requirement.explanation,
    // A source id missing from the set's sources (a data mistake the schema should catch) still
    // shows its id rather than failing the whole evaluation.
    source: sources.get(requirement.source) ?? { id: requirement.source, title: requirement.source },
    confidence: requirement.confidence,
    met: outcome.met,
    required,
    actual,
    gap,
    unit: outcome.unit,
    gapText: outcome.met ? '' : outcome.gapText,
    notes: outcome.notes,
    // A tally is shared by every level asking the same question (memo), and so are these arrays:
    // frozen rather than copied (copying 10,000 refs per level costs more than the tally itself).
    counted: Object.freeze(outcome.counted) as RecordRef[],
    excluded: Object.freeze(outcome.excluded) as RequirementResult['excluded'],
  };
  if (outcome.window) result.window = outcome.window;
  if (outcome.periods) result.periods = outcome.periods;
  if (outcome.categories) result.categories = outcome.categories;
  if (outcome.supervisionHours) result.supervisionHours = outcome.supervisionHours;
  if (outcome.confirmations) result.confirmations = outcome.confirmations;
  if (!outcome.met) {
    if (outcome.forecast) result.forecast = outcome.forecast;
    else if (outcome.paceAdded !== undefined) result.forecast = forecastAtPace(ctx.asOf, gap, outcome.paceAdded, ctx.paceWindow);
  }
  return result;
}

/**
 * Applies a criteria set to a portfolio's evidence on a date. Pure and deterministic: no clock
 * (asOf is an ISO date), no I/O; the same inputs always give the same result. The evidence is
 * prepared once and each distinct question (e.g. lifetime hours) is tallied once, then shared by
 * every level that asks it with its own threshold, so the cost grows linearly with the records.
 */
export function evaluate(set: CriteriaSet, evidence: Evidence, asOf: string): Evaluation {
  if (!isIsoDate(asOf)) throw new RangeError(`The evaluation date must be an ISO date such as 2026-03-12, not "${asOf}".`);
  const ctx = prepareContext(evidence, asOf);
  const sources = new Map(set.sources.map((source) => [source.id, source]));
  const levels: LevelResult[] = set.levels.map((level) => {
    const requirements = level.requirements.map((requirement) => evaluateRequirement(requirement, ctx, sources));
    return { id: level.id, label: level.label, met: requirements.every((r) => r.met), requirements };
  });
  // The last level in the set's order that is met, even if a lower one is not (levels are
  // independent sets of rules; the dashboard shows each).
  const highestLevelMet = levels.reduce<string | null>((highest, level) => (level.met ? level.id : highest), null);
  return { criteriaSet: { id: set.id, title: set.title, edition: set.edition }, asOf, levels, highestLevelMet };
}
