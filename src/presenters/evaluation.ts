import type { Evaluation, LevelResult, RequirementResult } from '../domain/evaluation/evaluation';
import type { CriteriaSet } from '../domain/criteria/criteria-set';
import { formatIsoDate } from '../domain/dates';
import { CONFIDENCE_LABELS } from './criteria';
import { confirmationBreakdown } from './supervision-status';

const figure = (value: number) => String(Math.round(value * 100) / 100);

/** "62.5 of 100 h", "7 of 10 clients", "3 of 4 periods": the figure beside a progress bar. */
export function progressText(result: RequirementResult): string {
  const { actual, required } = result;
  switch (result.unit) {
    case 'hours':
      return `${figure(actual)} of ${figure(required)} h`;
    case 'clients':
      return `${figure(actual)} of ${figure(required)} clients`;
    case 'years':
      return `${figure(actual)} of ${figure(required)} ${required === 1 ? 'year' : 'years'}`;
    case 'items':
      return `${figure(actual)} of ${figure(required)}`;
    case 'periods':
      return `${figure(actual)} of ${figure(required)} periods`;
    case 'categories':
      return `${figure(actual)} of ${figure(required)} categories`;
    case 'field':
      return actual >= required ? 'given' : 'missing';
    case 'guidance':
      return 'guidance';
  }
}

const counted = (value: number, one: string, many: string) => `${figure(value)} ${figure(value) === '1' ? one : many}`;

/**
 * The dashboard's figure as words: "4 years (3 needed)", "57.5 h (100 h needed)". "4 of 3 years"
 * read as a shortfall when the requirement was exceeded. (The PDF and the assessor keep the
 * compact progressText in their tables.)
 */
export function figureSentence(result: RequirementResult): string {
  const { actual, required } = result;
  switch (result.unit) {
    case 'hours':
      return `${figure(actual)} h (${figure(required)} h needed)`;
    case 'clients':
      return `${counted(actual, 'client', 'clients')} (${figure(required)} needed)`;
    case 'years':
      return `${counted(actual, 'year', 'years')} (${figure(required)} needed)`;
    case 'items':
      return `${figure(actual)} so far (${figure(required)} needed)`;
    case 'periods':
      return `${counted(actual, 'period', 'periods')} covered (${figure(required)} needed)`;
    case 'categories':
      return `${counted(actual, 'category', 'categories')} (${figure(required)} needed)`;
    case 'field':
      return actual >= required ? 'given' : 'not given yet';
    case 'guidance':
      return 'guidance: not checked by the app';
  }
}

/** The bar's width in steps of 5 % (the stylesheet has one class per step: no inline style). */
export const progressStep = (result: RequirementResult) => (result.met ? 100 : result.required <= 0 ? 100 : Math.max(0, Math.min(95, Math.floor(((result.actual / result.required) * 100) / 5) * 5)));

export function forecastText(result: RequirementResult): string | undefined {
  if (result.met || !result.forecast) return undefined;
  return result.forecast.date ? `At your pace of the last 6 months: by ${formatIsoDate(result.forecast.date)}.` : 'Not at your pace of the last 6 months.';
}

export interface RequirementRow {
  id: string;
  label: string;
  explanation: string;
  met: boolean;
  /** Shown, not judged: the body publishes no figure, or checks it itself (never blocks a level). */
  guidance: boolean;
  progress: string;
  /** "4 years (3 needed)" */
  figure: string;
  step: number;
  gapText: string;
  forecast?: string;
  /** A date is known for the forecast (a row without one says nothing about pace). */
  forecastDated: boolean;
  notes: string[];
  sourceTitle: string;
  sourceUrl?: string;
  confidence: string;
  confidenceLabel: string;
  detailHref: string;
  /** Supervision: "Counted: 3 h confirmed, 1 h awaiting … Not counted: 1 h declined …" (empty otherwise). */
  confirmations: string;
}

/** The level's requirements as the dashboard shows them. */
export function requirementRows(level: LevelResult, query: string): RequirementRow[] {
  return level.requirements.map((result) => ({
    id: result.id,
    label: result.label,
    explanation: result.explanation,
    met: result.met,
    guidance: result.unit === 'guidance',
    progress: progressText(result),
    figure: figureSentence(result),
    step: progressStep(result),
    gapText: result.gapText,
    forecast: forecastText(result),
    forecastDated: Boolean(result.forecast?.date),
    notes: result.notes,
    sourceTitle: result.source.title,
    ...(result.source.url ? { sourceUrl: result.source.url } : {}),
    confidence: result.confidence,
    confidenceLabel: CONFIDENCE_LABELS[result.confidence],
    detailHref: `/evaluation/${encodeURIComponent(result.id)}${query}`,
    confirmations: confirmationBreakdown(result),
  }));
}

/** Which level the dashboard details: the one asked for, the one aimed at, or the next one to reach. */
export function focusLevel(evaluation: Evaluation, set: CriteriaSet, asked: unknown, aimed: string | null): LevelResult {
  const byId = (id: unknown) => evaluation.levels.find((level) => level.id === id);
  const highestIndex = set.levels.findIndex((level) => level.id === evaluation.highestLevelMet);
  return byId(asked) ?? byId(aimed) ?? evaluation.levels[Math.min(highestIndex + 1, evaluation.levels.length - 1)]!;
}

export function levelCards(evaluation: Evaluation, focusId: string, query: (level: string) => string) {
  return evaluation.levels.map((level) => ({
    id: level.id,
    label: level.label,
    met: level.met,
    metCount: level.requirements.filter((requirement) => requirement.met && requirement.unit !== 'guidance').length,
    total: level.requirements.filter((requirement) => requirement.unit !== 'guidance').length,
    focused: level.id === focusId,
    href: `/${query(level.id)}`,
  }));
}
