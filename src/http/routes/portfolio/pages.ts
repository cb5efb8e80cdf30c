import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps';
import { portfolioSettingsWithTargetsSchema, portfolioTargets, updatePortfolioSettings, type PortfolioSettingsInput } from '../../../domain/portfolio/portfolio-service';
import { validationError } from '../../../errors';
import { listCriteriaSets } from '../../../domain/criteria/criteria-catalog';
import { PRACTICE_ROLES } from '../../../domain/vocabulary';
import { requireRole } from '../../middleware/auth';
import { form, formPage } from '../../middleware/validate';
import { loadPortfolio, requestPortfolio } from '../../middleware/portfolio';

const messages = {
  saved: 'Your portfolio settings have been saved.',
  aimFirst: 'Choose the level you are aiming for first: the other credentials you tick come after it.',
};

const credential = (value: unknown) => {
  if (typeof value !== 'string' || !value.includes('/')) return undefined;
  const [criteriaSet, level] = value.split('/');
  return criteriaSet && level ? { criteriaSet, level } : undefined;
};

/**
 * The form offers one choice, "aim", of a criteria set and one of its levels ("emcc-eia/practitioner"),
 * and boxes "alsoAim" for the other credentials prepared, so it works without JavaScript; the
 * service receives the level aimed at and the list of targets, the aim first.
 */
const splitAim: RequestHandler = (req, _res, next) => {
  const { aim, alsoAim, ...rest } = (req.body ?? {}) as Record<string, unknown>;
  const primary = credential(aim);
  const also = (Array.isArray(alsoAim) ? alsoAim : alsoAim === undefined ? [] : [alsoAim]).map(credential).filter((target) => target !== undefined);
  if (!primary && also.length) {
    req.body = rest;
    throw validationError({ targetLevel: messages.aimFirst });
  }
  const targets = primary ? [primary, ...also].filter((target, index, all) => all.findIndex((other) => other.criteriaSet === target.criteriaSet && other.level === target.level) === index) : [];
  req.body = { ...rest, ...(primary ? { criteriaSet: primary.criteriaSet, targetLevel: primary.level, targets } : {}) };
  next();
};

/** Portfolio settings: the name on the application, membership, first practice, the level aimed for. */
export function portfolioRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/settings', requireRole('applicant'));
  const view = async () => ({
    title: 'Portfolio settings',
    practiceRoles: PRACTICE_ROLES,
    // A renewal's rules are prepared from an award (Awards → Prepare renewal), not aimed at.
    criteriaSets: (await listCriteriaSets(deps)).map((entry) => entry.set).filter((set) => !set.renews),
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
        targets: (await portfolioTargets(deps, portfolio)).map((target) => ({ criteriaSet: target.criteriaSet, level: target.levelId })),
      },
    });
  });

  router.post('/settings', formPage('portfolio/settings', view), splitAim, form('portfolio/settings', portfolioSettingsWithTargetsSchema, view), async (req, res) => {
    await updatePortfolioSettings(deps, req.user!.id, req.body as PortfolioSettingsInput);
    req.session.flash = messages.saved;
    res.redirect(303, '/settings');
  });

  return router;
}
