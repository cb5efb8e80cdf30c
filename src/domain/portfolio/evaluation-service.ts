import type { CriteriaDeps } from '../criteria/criteria-catalog';
import { findCriteriaSet } from '../criteria/criteria-catalog';
import type { CriteriaSet } from '../criteria/criteria-set';
import type { Evaluation, Evidence } from '../evaluation/evaluation';
import { evaluate } from '../evaluation/evaluate';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import { loadEvidence } from './evidence-loader';
import { portfolioOf } from './portfolio-service';
import type { EvidenceCache } from './evidence-cache';
import { validationError } from '../../errors';
import { isIsoDate, isoDay } from '../dates';

const messages = {
  badDate: (value: string) => `“${value}” is not a date: write it as YYYY-MM-DD, e.g. 2026-03-12.`,
  unknownSet: (id: string) => `There is no criteria set “${id}”.`,
};

export interface EvaluationDeps extends CriteriaDeps {
  /** Optional: without it every evaluation reads the evidence from the database. */
  evidenceCache?: EvidenceCache;
}

export interface PortfolioEvaluation {
  portfolio: Portfolio;
  set: CriteriaSet;
  evidence: Evidence;
  evaluation: Evaluation;
}

export interface EvaluationOptions {
  /** The evaluation date (today by default). */
  asOf?: string;
  /** The criteria set (the portfolio's own by default). */
  setId?: string;
  /** The owner's portfolio as this request read it already (see portfolioOf). */
  portfolio?: Portfolio | undefined;
}

/** The owner's portfolio, the criteria set it is evaluated against and the evaluation date, each checked. */
export async function portfolioAndSet(deps: CriteriaDeps, ownerId: number, options: EvaluationOptions = {}): Promise<{ portfolio: Portfolio; set: CriteriaSet; asOf: string }> {
  const asOf = options.asOf ?? isoDay(deps.clock.now());
  if (!isIsoDate(asOf)) throw validationError({ asOf: messages.badDate(asOf) });
  const portfolio = await portfolioOf(deps, ownerId, options.portfolio);
  const setId = options.setId ?? portfolio.criteriaSet;
  const set = await findCriteriaSet(deps, setId);
  if (!set) throw validationError({ set: messages.unknownSet(setId) });
  return { portfolio, set, asOf };
}

/**
 * Evaluates the owner's portfolio against a criteria set (the portfolio's own by default) on a
 * date (today by default). Pages and the API present this one result; a snapshot (the PDF, a
 * submission) is evaluated on the records it holds.
 */
export async function evaluatePortfolio(deps: EvaluationDeps, ownerId: number, options: EvaluationOptions = {}): Promise<PortfolioEvaluation> {
  const { portfolio, set, asOf } = await portfolioAndSet(deps, ownerId, options);
  const now = deps.clock.now();
  const kept = deps.evidenceCache?.evaluation(portfolio, set, asOf, now);
  if (kept) return { portfolio, set, ...kept };
  let evidence = deps.evidenceCache?.get(portfolio, now);
  if (!evidence) {
    // After a write, only the logs it changed are read again (the others are kept from the cache).
    const loaded = await loadEvidence(deps.repos, deps.db, portfolio, now, deps.evidenceCache?.reusable(portfolio, now));
    evidence = loaded.evidence;
    deps.evidenceCache?.set(portfolio, evidence, loaded.validUntil);
  }
  const evaluation = evaluate(set, evidence, asOf);
  deps.evidenceCache?.keepEvaluation(portfolio, set, asOf, evaluation);
  return { portfolio, set, evidence, evaluation };
}
