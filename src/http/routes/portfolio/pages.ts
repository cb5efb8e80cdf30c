import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps';
import { portfolioSettingsSchema, updatePortfolioSettings, type PortfolioSettingsInput } from '../../../domain/portfolio/portfolio-service';
import { listCriteriaSets } from '../../../domain/criteria/criteria-catalog';
import { PRACTICE_ROLES } from '../../../domain/vocabulary';
import { requireRole } from '../../middleware/auth';
import { form } from '../../middleware/validate';
import { loadPortfolio, requestPortfolio } from '../../middleware/portfolio';

const messages = { saved: 'Your portfolio settings have been saved.' };

/**
 * The form offers one choice, "aim", of a criteria set and one of its levels ("emcc-eia/practitioner"),
 * so it works without JavaScript; the service receives the two fields it stores.
 */
const splitAim: RequestHandler = (req, _res, next) => {
  const { aim, ...rest } = (req.body ?? {}) as Record<string, unknown>;
  const [criteriaSet, targetLevel] = typeof aim === 'string' && aim.includes('/') ? aim.split('/') : [undefined, undefined];
  req.body = { ...rest, ...(criteriaSet ? { criteriaSet } : {}), ...(targetLevel ? { targetLevel } : {}) };
  next();
};

/** Portfolio settings: the name on the application, membership, first practice, the level aimed for. */
export function portfolioRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/settings', requireRole('applicant'));
  const view = async () => ({
    title: 'Portfolio settings',
    practiceRoles: PRACTICE_ROLES,
    criteriaSets: (await listCriteriaSets(deps)).map((entry) => entry.set),
  });

  router.get('/settings', loadPortfolio(deps), async (req, res) => {
    const portfolio = requestPortfolio(req);
    res.render('portfolio/settings', {
      ...(await view()),
      values: {
        displayName: portfolio.displayName ?? req.user!.name,
        emccMembershipNumber: portfolio.emccMembershipNumber ?? '',
        firstPracticeDate: portfolio.firstPracticeDate ?? '',
        practiceRole: portfolio.practiceRole ?? '',
        criteriaSet: portfolio.criteriaSet,
        targetLevel: portfolio.targetLevel ?? '',
      },
    });
  });

  router.post('/settings', splitAim, form('portfolio/settings', portfolioSettingsSchema, view), async (req, res) => {
    await updatePortfolioSettings(deps, req.user!.id, req.body as PortfolioSettingsInput);
    req.session.flash = messages.saved;
    res.redirect(303, '/settings');
  });

  return router;
}
