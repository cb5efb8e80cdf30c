import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { ROLE_LABELS } from '../../domain/accounts/roles';
import { portfolioOverview } from '../../domain/portfolio/overview-service';
import { monthChart } from '../presenters/month-chart';
import { formatHours } from '../../domain/dates';

/** The dashboard: an applicant's overview, links for the other roles; anonymous visitors sign in. */
export function homeRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    if (!req.user) return res.redirect(303, '/login');
    const overview = req.user.roles.includes('applicant') ? await portfolioOverview(deps, req.user.id) : undefined;
    res.render('home/dashboard', {
      title: 'Dashboard',
      roleLabels: ROLE_LABELS,
      overview,
      chart: overview && monthChart(overview.practiceHoursByMonth),
      formatHours,
    });
  });
  return router;
}
