import { Router } from 'express';
import type { AppDeps } from '../../app-deps';
import { compareSchemes } from '../../../domain/portfolio/comparison-service';
import { schemeRow } from '../../../presenters/comparison';
import { formatIsoDate, isIsoDate } from '../../../domain/dates';
import { requireRole } from '../../middleware/auth';

/**
 * /compare: the portfolio against every scheme side by side: per scheme the highest level met,
 * the next level with how many of its requirements are met (a bar) and its main gap, and a link
 * to the scheme's full evaluation.
 */
export function compareRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/compare', requireRole('applicant'));

  router.get('/compare', async (req, res) => {
    const given = typeof req.query.asOf === 'string' ? req.query.asOf.trim() : '';
    const asOf = isIsoDate(given) ? given : undefined;
    const asOfProblem = given && !asOf ? `“${given}” is not a date like 2026-03-12, so today is used.` : undefined;
    const { targets, schemes } = await compareSchemes(deps, req.user!.id, { asOf });
    const ownSetId = schemes[0]?.portfolio.criteriaSet ?? '';
    const rows = schemes.map(({ evaluation, set }) => schemeRow(evaluation, set, ownSetId, { asOf, targetLevel: targets.find((target) => target.criteriaSet === set.id)?.levelId }));
    const evaluatedOn = schemes[0]?.evaluation.asOf;
    res.render('evaluation/compare', {
      title: 'Compare schemes',
      rows,
      asOf: evaluatedOn ?? '',
      asOfText: evaluatedOn ? formatIsoDate(evaluatedOn) : '',
      asOfProblem,
    });
  });

  return router;
}
