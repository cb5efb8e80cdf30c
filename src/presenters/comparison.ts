import type { Evaluation, LevelResult, RequirementResult } from '../domain/evaluation/evaluation';
import type { CriteriaSet } from '../domain/criteria/criteria-set';

/** A guidance requirement is shown but never counted: it is neither a gap nor progress. */
const counts = (result: RequirementResult) => String(result.unit) !== 'guidance';

/** One level's standing: requirements met of those the app counts, the bar's step, and the main gap. */
export interface LevelStanding {
  id: string;
  label: string;
  met: boolean;
  metCount: number;
  total: number;
  /** The bar's width in steps of 5 % (the stylesheet has one class per step). */
  step: number;
  /** The first unmet requirement (in the criteria file's order, as the dashboard lists them) and what it still needs. */
  mainGap?: { label: string; text: string; href: string };
}

export function levelStanding(level: LevelResult, detailHref: (requirementId: string) => string): LevelStanding {
  const counted = level.requirements.filter(counts);
  const metCount = counted.filter((result) => result.met).length;
  const total = counted.length;
  const first = counted.find((result) => !result.met);
  return {
    id: level.id,
    label: level.label,
    met: level.met,
    metCount,
    total,
    step: level.met || total === 0 ? 100 : Math.min(95, Math.floor((metCount / total) * 20) * 5),
    ...(first ? { mainGap: { label: first.label, text: first.gapText || first.label, href: detailHref(first.id) } } : {}),
  };
}

/** One scheme's row of the comparison table. */
export interface SchemeRow {
  setId: string;
  title: string;
  /** The highest level met, or null ("none yet"). */
  highest: { id: string; label: string } | null;
  /** The level after the highest met; null when every level is met. */
  next: LevelStanding | null;
  /** The level this portfolio targets in this scheme, when it does. */
  targetLabel?: string;
  /** The scheme's full evaluation (the dashboard on this set). */
  href: string;
  criteriaHref: string;
}

/** Where a scheme's full evaluation is: the dashboard itself for the portfolio's own set, else the dashboard on that set. */
export function schemeHref(setId: string, ownSetId: string, asOf?: string, level?: string): string {
  const params = new URLSearchParams();
  if (setId !== ownSetId) params.set('set', setId);
  if (level) params.set('level', level);
  if (asOf) params.set('asOf', asOf);
  const text = params.toString();
  return text ? `/?${text}` : '/';
}

const requirementHref = (setId: string, ownSetId: string, asOf?: string) => (requirementId: string) => {
  const params = new URLSearchParams();
  if (setId !== ownSetId) params.set('set', setId);
  if (asOf) params.set('asOf', asOf);
  const text = params.toString();
  return `/evaluation/${encodeURIComponent(requirementId)}${text ? `?${text}` : ''}`;
};

export function schemeRow(evaluation: Evaluation, set: CriteriaSet, ownSetId: string, options: { asOf?: string; targetLevel?: string } = {}): SchemeRow {
  const highestIndex = evaluation.levels.findIndex((level) => level.id === evaluation.highestLevelMet);
  const highest = highestIndex >= 0 ? evaluation.levels[highestIndex]! : undefined;
  const next = evaluation.levels[highestIndex + 1];
  const target = options.targetLevel ? set.levels.find((level) => level.id === options.targetLevel) : undefined;
  return {
    setId: set.id,
    title: set.title,
    highest: highest ? { id: highest.id, label: highest.label } : null,
    next: next ? levelStanding(next, requirementHref(set.id, ownSetId, options.asOf)) : null,
    ...(target ? { targetLabel: target.label } : {}),
    href: schemeHref(set.id, ownSetId, options.asOf),
    criteriaHref: `/criteria/${encodeURIComponent(set.id)}`,
  };
}

/** A target credential as a compact dashboard row: the level's standing in its scheme. */
export interface TargetRow {
  setTitle: string;
  standing: LevelStanding;
  href: string;
}

export function targetRow(evaluation: Evaluation, set: CriteriaSet, levelId: string, ownSetId: string, asOf?: string): TargetRow | undefined {
  const level = evaluation.levels.find((candidate) => candidate.id === levelId);
  if (!level) return undefined;
  return { setTitle: set.title, standing: levelStanding(level, requirementHref(set.id, ownSetId, asOf)), href: schemeHref(set.id, ownSetId, asOf, levelId) };
}
