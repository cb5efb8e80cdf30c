import { Router } from 'express';
import type { AppDeps } from '../../app-deps';
import { evaluatePortfolio } from '../../../domain/portfolio/evaluation-service';
import { allRecords } from '../../../domain/records/record-service';
import { describeRecordRefs } from '../../../domain/records/record-references';
import { requireRole } from '../../middleware/auth';
import { notFound } from '../../../errors';
import { figureSentence, forecastText } from '../../../presenters/evaluation';
import { CONFIDENCE_LABELS } from '../../../presenters/criteria';
import { competenceMap } from './competence-map';
import { compareRoutes } from './compare-pages';
import { formatIsoDate } from '../../../domain/dates';
import { confirmationBreakdown } from '../../../presenters/supervision-status';

const SHOWN = 500;

/** Where a requirement's figure comes from, and the competence map. */
export function evaluationRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(['/evaluation', '/competences'], requireRole('applicant'));
  router.use(compareRoutes(deps));

  router.get('/evaluation/:requirement', async (req, res) => {
    const asOf = typeof req.query.asOf === 'string' && req.query.asOf ? req.query.asOf : undefined;
    // ?set= : a requirement of another set than the portfolio's own (from the comparison page, or a renewal's page).
    const setId = typeof req.query.set === 'string' && req.query.set ? req.query.set : undefined;
    const { evaluation, portfolio } = await evaluatePortfolio(deps, req.user!.id, { asOf, setId, portfolio: req.sessionPortfolio });
    const level = evaluation.levels.find((candidate) => candidate.requirements.some((r) => r.id === req.params.requirement));
    const result = level?.requirements.find((r) => r.id === req.params.requirement);
    if (!level || !result) throw notFound();
    const counted = await describeRecordRefs(deps, portfolio.id, result.counted.slice(0, SHOWN));
    const excludedText = new Map(result.excluded.map((item) => [item.ref, item.reason]));
    const excluded = (
      await describeRecordRefs(
        deps,
        portfolio.id,
        result.excluded.slice(0, SHOWN).map((item) => item.ref),
      )
    ).map((item) => ({ ...item, reason: excludedText.get(item.ref)! }));
    res.render('evaluation/requirement', {
      title: result.label,
      level,
      result,
      asOfText: formatIsoDate(evaluation.asOf),
      progress: figureSentence(result),
      // A pace that will not get there is said only as a dated forecast, as on the dashboard.
      forecast: result.forecast?.date ? forecastText(result) : undefined,
      confirmations: confirmationBreakdown(result),
      confidenceLabel: CONFIDENCE_LABELS[result.confidence],
      counted,
      excluded,
      more: { counted: Math.max(0, result.counted.length - SHOWN), excluded: Math.max(0, result.excluded.length - SHOWN) },
      formatIsoDate,
      backHref: `/${asOf || setId ? `?${new URLSearchParams({ ...(setId ? { set: setId } : {}), ...(asOf ? { asOf } : {}) })}` : ''}`,
    });
  });

  router.get('/competences', async (req, res) => {
    const { portfolio, evidence, set } = await evaluatePortfolio(deps, req.user!.id, { portfolio: req.sessionPortfolio });
    const reflections = await allRecords(deps, portfolio.id, 'reflection');
    res.render('evaluation/competences', { title: 'Competence map', ...competenceMap(reflections, evidence, portfolio, set) });
  });

  return router;
}
