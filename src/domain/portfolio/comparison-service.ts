import { listCriteriaSets } from '../criteria/criteria-catalog';
import { evaluatePortfolio, portfolioAndSet, type EvaluationDeps, type PortfolioEvaluation } from './evaluation-service';
import { portfolioTargets, type PortfolioTarget } from './portfolio-service';

export interface SchemeComparison {
  /** The portfolio's target credentials, first first. */
  targets: PortfolioTarget[];
  /** One evaluation per scheme compared: the targeted sets first (in the targets' order), then every other set the app ships. */
  schemes: PortfolioEvaluation[];
}

/**
 * Evaluates the portfolio against every scheme worth comparing, on one date. Compared: every
 * criteria set that ships with the app (EMCC EIA, ESIA, ICF, AC …) except a renewal's rules
 * (prepared from an award, not chosen beside the others), and any set a target credential
 * names (an uploaded edition the applicant prepares for). Other uploaded sets are left out: an
 * administrator uploads them for someone's target, and a list of editions of one scheme would
 * say the same thing several times. Each evaluation goes through evaluatePortfolio, so the
 * evidence is read once and the evidence cache serves every set.
 */
export async function compareSchemes(deps: EvaluationDeps, ownerId: number, options: { asOf?: string } = {}): Promise<SchemeComparison> {
  const { portfolio, asOf } = await portfolioAndSet(deps, ownerId, options);
  const targets = await portfolioTargets(deps, portfolio);
  const catalog = await listCriteriaSets(deps);
  const known = new Set(catalog.map((entry) => entry.set.id));
  const ids = [...targets.map((target) => target.criteriaSet).filter((id) => known.has(id)), ...catalog.filter((entry) => entry.origin === 'file' && !entry.set.renews).map((entry) => entry.set.id)];
  const schemes: PortfolioEvaluation[] = [];
  for (const setId of new Set(ids)) schemes.push(await evaluatePortfolio(deps, ownerId, { asOf, setId }));
  return { targets, schemes };
}
