import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { portfolioOf, portfolioSettingsSchema, updatePortfolioSettings, type PortfolioSettingsInput } from '../../domain/portfolio/portfolio-service';
import { LEVELS, PRACTICE_ROLES } from '../../domain/vocabulary';
import { requireRole } from '../middleware/auth';
import { form } from '../middleware/validate';

const messages = { saved: 'Your portfolio settings have been saved.' };

/** Portfolio settings: the name on the application, membership, first practice, level aimed for. */
export function portfolioRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/settings', requireRole('applicant'));
  const view = () => ({ title: 'Portfolio settings', levels: LEVELS, practiceRoles: PRACTICE_ROLES });

  router.get('/settings', async (req, res) => {
    const portfolio = await portfolioOf(deps, req.user!.id);
    res.render('portfolio/settings', {
      ...view(),
      values: {
        displayName: portfolio.displayName ?? req.user!.name,
        emccMembershipNumber: portfolio.emccMembershipNumber ?? '',
        firstPracticeDate: portfolio.firstPracticeDate ?? '',
        practiceRole: portfolio.practiceRole ?? '',
        targetLevel: portfolio.targetLevel ?? '',
      },
    });
  });

  router.post('/settings', form('portfolio/settings', portfolioSettingsSchema, view), async (req, res) => {
    await updatePortfolioSettings(deps, req.user!.id, req.body as PortfolioSettingsInput);
    req.session.flash = messages.saved;
    res.redirect(303, '/settings');
  });

  return router;
}
