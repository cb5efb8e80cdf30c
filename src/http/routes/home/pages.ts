import { Router, type Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { ROLE_LABELS } from '../../../domain/accounts/roles';
import { portfolioOverview } from '../../../domain/portfolio/overview-service';
import { evaluatePortfolio } from '../../../domain/portfolio/evaluation-service';
import { monthChart } from './month-chart';
import { focusLevel, levelCards, requirementRows } from '../../../presenters/evaluation';
import { nextStep } from '../../../presenters/next-step';
import { formatHours, formatIsoDate, isIsoDate } from '../../../domain/dates';
import { upcomingRenewals } from '../../../domain/awards/award-service';
import { daysText } from '../../../domain/awards/awards';

/** ?asOf= as given when it is a date; anything else is reported and today is used. */
function asOfFrom(req: Request): { asOf?: string; problem?: string } {
  const value = typeof req.query.asOf === 'string' ? req.query.asOf.trim() : '';
  if (!value) return {};
  return isIsoDate(value) ? { asOf: value } : { problem: `“${value}” is not a date like 2026-03-12, so today is used.` };
}

/** The dashboard: an applicant's levels, gaps and evidence; links for the other roles. */
export function homeRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    if (!req.user) return res.redirect(303, '/login');
    if (!req.user.roles.includes('applicant')) return res.render('home/dashboard', { title: 'Dashboard', roleLabels: ROLE_LABELS });
    const { asOf, problem } = asOfFrom(req);
    const { evaluation, set, portfolio, evidence } = await evaluatePortfolio(deps, req.user.id, { asOf });
    const query = (level?: string) => {
      const params = new URLSearchParams();
      if (asOf) params.set('asOf', asOf);
      if (level) params.set('level', level);
      const text = params.toString();
      return text ? `?${text}` : '';
    };
    const focus = focusLevel(evaluation, set, req.query.level, portfolio.targetLevel);
    const overview = await portfolioOverview(deps, portfolio, evidence);
    const highest = evaluation.levels.find((level) => level.id === evaluation.highestLevelMet);
    // Awards held whose renewal is ahead: "Your EMCC EIA Practitioner award is due for renewal on …".
    const renewals = (await upcomingRenewals(deps, portfolio.id)).map((award) => ({
      id: award.id,
      text: `Your ${award.title} award is due for renewal on ${formatIsoDate(award.renewalOn!)}, ${daysText(award.daysLeft!)}.`,
      href: award.renewalSet ? `/awards/${award.id}/renewal` : '/awards',
      linkText: award.renewalSet ? 'Prepare your renewal' : 'See your awards',
      title: award.title,
    }));
    res.render('home/dashboard', {
      title: 'Dashboard',
      roleLabels: ROLE_LABELS,
      evaluation,
      set,
      asOf: evaluation.asOf,
      asOfText: formatIsoDate(evaluation.asOf),
      asOfProblem: problem,
      isToday: !asOf,
      highestLabel: highest?.label,
      focus,
      focusIsAim: focus.id === portfolio.targetLevel,
      levels: levelCards(evaluation, focus.id, (level) => query(level)),
      rows: requirementRows(focus, query(focus.id === portfolio.targetLevel ? undefined : focus.id)),
      nextStep: nextStep(evaluation, portfolio.targetLevel),
      // Nothing logged and no file: the first steps mean more than a page of unmet requirements.
      isNewAccount: overview.fileCount === 0 && overview.totals.every((total) => total.count === 0),
      overview,
      chart: monthChart(overview.practiceHoursByMonth),
      formatHours,
      renewals,
    });
  });
  return router;
}
