import { Router, type Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { ROLE_LABELS } from '../../../domain/accounts/roles';
import { portfolioOverview } from '../../../domain/portfolio/overview-service';
import { evaluatePortfolio } from '../../../domain/portfolio/evaluation-service';
import { monthChart } from './month-chart';
import { renderedOnce, renderedPartial } from '../../middleware/views';
import { focusLevel, levelCards, requirementRows } from '../../../presenters/evaluation';
import { nextStep } from '../../../presenters/next-step';
import { targetRow } from '../../../presenters/comparison';
import { portfolioTargets } from '../../../domain/portfolio/portfolio-service';
import { formatHours, formatIsoDate, isIsoDate } from '../../../domain/dates';
import { upcomingRenewals } from '../../../domain/awards/award-service';
import { daysText } from '../../../domain/awards/awards';

/** ?asOf= as given when it is a date; anything else is reported and today is used. */
function asOfFrom(req: Request): { asOf?: string; problem?: string } {
  const value = typeof req.query.asOf === 'string' ? req.query.asOf.trim() : '';
  if (!value) return {};
  return isIsoDate(value) ? { asOf: value } : { problem: `“${value}” is not a date like 2026-03-12, so today is used.` };
}

/** The month chart's SVG and table, drawn once until the practice log changes. */
function chartHtml(hoursByMonth: Parameters<typeof monthChart>[0]): string {
  const chart = monthChart(hoursByMonth);
  return renderedOnce('partials/month-chart', chart, () => ({ chart, formatHours }));
}

/** The dashboard: an applicant's levels, gaps and evidence; links for the other roles. */
export function homeRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    if (!req.user) return res.redirect(303, '/login');
    if (!req.user.roles.includes('applicant')) return res.render('home/dashboard', { title: 'Dashboard', roleLabels: ROLE_LABELS });
    const { asOf, problem } = asOfFrom(req);
    // ?set= shows another scheme's full evaluation (from the comparison page or a target row).
    const setParam = typeof req.query.set === 'string' && req.query.set ? req.query.set : undefined;
    const { evaluation, set, portfolio, evidence } = await evaluatePortfolio(deps, req.user.id, { asOf, setId: setParam, portfolio: req.sessionPortfolio });
    const ownSet = set.id === portfolio.criteriaSet;
    const targets = await portfolioTargets(deps, portfolio);
    const aim = ownSet ? portfolio.targetLevel : (targets.find((target) => target.criteriaSet === set.id)?.levelId ?? null);
    // The dashboard leads with the target credentials: the one shown in full, the others as compact rows.
    const targetRows = [];
    for (const target of targets) {
      if (target.criteriaSet === set.id && target.levelId === aim) continue;
      const other = target.criteriaSet === set.id ? { evaluation, set } : await evaluatePortfolio(deps, req.user.id, { asOf, setId: target.criteriaSet, portfolio }).catch(() => undefined);
      const row = other && targetRow(other.evaluation, other.set, target.levelId, portfolio.criteriaSet, asOf);
      if (row) targetRows.push(row);
    }
    const query = (level?: string) => {
      const params = new URLSearchParams();
      if (!ownSet) params.set('set', set.id);
      if (asOf) params.set('asOf', asOf);
      if (level) params.set('level', level);
      const text = params.toString();
      return text ? `?${text}` : '';
    };
    const focus = focusLevel(evaluation, set, req.query.level, aim);
    const asOfText = formatIsoDate(evaluation.asOf);
    const otherSet = ownSet ? undefined : set.id;
    // The next step, the levels and the focused level's requirements: drawn once per evaluation
    // (which is kept until the evidence or the day changes) and view; a date that is not one is
    // shown afresh.
    const summaryLocals = () => ({
      set,
      evaluation,
      asOf: evaluation.asOf,
      asOfText,
      asOfProblem: problem,
      highestLabel: evaluation.levels.find((level) => level.id === evaluation.highestLevelMet)?.label,
      focus,
      focusIsAim: focus.id === aim,
      aimId: aim,
      setParam: otherSet,
      levels: levelCards(evaluation, focus.id, (level) => query(level)),
      rows: requirementRows(focus, query(focus.id === aim ? undefined : focus.id)),
    });
    const nextStepHtml = renderedOnce('partials/next-step', evaluation, () => ({ step: nextStep(evaluation, aim), isToday: !asOf, asOfText }), `${aim} ${asOf ?? ''}`);
    const summaryHtml = problem ? renderedPartial('partials/evaluation-summary', summaryLocals()) : renderedOnce('partials/evaluation-summary', evaluation, summaryLocals, `${focus.id} ${aim} ${asOf ?? ''}`);
    const overview = await portfolioOverview(deps, portfolio, evidence);
    // Awards held whose renewal is ahead: "Your EMCC EIA Practitioner award is due for renewal on …".
    const renewals = (await upcomingRenewals(deps, portfolio)).map((award) => ({
      id: award.id,
      text: `Your ${award.title} award is due for renewal on ${formatIsoDate(award.renewalOn!)}, ${daysText(award.daysLeft!)}.`,
      href: award.renewalSet ? `/awards/${award.id}/renewal` : '/awards',
      linkText: award.renewalSet ? 'Prepare your renewal' : 'See your awards',
      title: award.title,
    }));
    res.render('home/dashboard', {
      title: 'Dashboard',
      roleLabels: ROLE_LABELS,
      set,
      asOf: evaluation.asOf,
      asOfText,
      asOfProblem: problem,
      isToday: !asOf,
      focus,
      setParam: otherSet,
      targetRows,
      summaryHtml,
      nextStepHtml,
      // Nothing logged and no file: the first steps mean more than a page of unmet requirements.
      isNewAccount: overview.fileCount === 0 && overview.totals.every((total) => total.count === 0),
      overview,
      chartHtml: chartHtml(overview.practiceHoursByMonth),
      formatHours,
      renewals,
    });
  });
  return router;
}
