import type { RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps';
import { portfolioTargets, updatePortfolioSettings, type Portfolio, type PortfolioSettingsInput, type PortfolioTarget } from '../../../domain/portfolio/portfolio-service';
import { exportPortfolio } from '../../../domain/export/portfolio-export';
import { errorResponses, json, ref } from '../../openapi';
import { ApiRouter } from '../../api-router';
import { loadPortfolio, requestPortfolio } from '../../middleware/portfolio';
import { portfolioPatchBody } from '../../api-bodies';
import { sendDraftPdf } from './pdf-pages';
import { validationError } from '../../../errors';

/** The settings as the API shows them; targets lists every target credential, the level aimed at first (null when none, like targetLevel). */
const portfolioJson = (portfolio: Portfolio, targets: PortfolioTarget[]) => ({
  displayName: portfolio.displayName,
  emccMembershipNumber: portfolio.emccMembershipNumber,
  firstPracticeDate: portfolio.firstPracticeDate,
  practiceRole: portfolio.practiceRole,
  targetLevel: portfolio.targetLevel,
  criteriaSet: portfolio.criteriaSet,
  targets: targets.length ? targets.map((target) => ({ criteriaSet: target.criteriaSet, level: target.levelId })) : null,
  updatedAt: portfolio.updatedAt.toISOString(),
});

const messages = {
  disagree: 'targets lists the credentials aimed at, the first being criteriaSet and targetLevel: send targets alone, or criteriaSet and targetLevel that match its first entry.',
};

/** The draft PDF and the portfolio's settings (routes/api.ts checks the applicant role on /portfolio first). */
export function portfolioApi(deps: AppDeps, applicant: RequestHandler): ApiRouter {
  const api = new ApiRouter();
  api.get('/portfolio.pdf', { ...portfolioPdfOperation, guards: [applicant] }, (req, res) => sendDraftPdf(deps, req, res));

  const settings = { description: 'The settings', ...json(ref('PortfolioSettings')) };
  api.get('/portfolio', { summary: 'Portfolio settings', responses: { '200': settings, ...errorResponses } }, loadPortfolio(deps), async (req, res) => {
    const portfolio = requestPortfolio(req);
    res.json(portfolioJson(portfolio, await portfolioTargets(deps, portfolio)));
  });

  const patchSettings = {
    summary: 'Change portfolio settings (fields sent replace, null clears; targets, when sent, replaces the list of target credentials and its first sets criteriaSet and targetLevel)',
    body: portfolioPatchBody,
    responses: { '200': { ...settings, description: 'The new settings' }, ...errorResponses },
  };
  api.patch('/portfolio', patchSettings, loadPortfolio(deps), async (req, res) => {
    const portfolio = requestPortfolio(req);
    const { targets: _targets, ...current } = portfolioJson(portfolio, []);
    const { updatedAt: _at, ...values } = { ...current, displayName: current.displayName ?? req.user!.name, ...(req.body ?? {}) } as Record<string, unknown>;
    for (const key of Object.keys(values)) if (values[key] === null) delete values[key];
    // targets sent (a list, or null to clear) decides the level aimed at: its first credential.
    // criteriaSet and targetLevel sent with it must say the same, or the two would disagree.
    const body = (req.body ?? {}) as { targets?: { criteriaSet: string; level: string }[] | null; criteriaSet?: string | null; targetLevel?: string | null };
    if (body.targets !== undefined) {
      const first = body.targets?.[0];
      const disagrees = (body.targetLevel !== undefined && (body.targetLevel ?? null) !== (first?.level ?? null)) || (body.criteriaSet != null && first !== undefined && body.criteriaSet !== first.criteriaSet);
      if (disagrees) throw validationError({ targets: messages.disagree });
      values.targets = body.targets ?? [];
    }
    const updated = await updatePortfolioSettings(deps, req.user!.id, values as PortfolioSettingsInput);
    res.json(portfolioJson(updated, await portfolioTargets(deps, updated)));
  });

  return api;
}

/** The whole portfolio as one JSON document (routes/api.ts checks the applicant role on /export first). */
export function portfolioExportApi(deps: AppDeps): ApiRouter {
  const api = new ApiRouter();
  api.get('/export', { summary: 'The whole portfolio', responses: { '200': { description: 'The export', ...json(ref('PortfolioExport')) }, ...errorResponses } }, async (req, res) =>
    res.json(await exportPortfolio(deps, req.user!.id)),
  );

  return api;
}

const portfolioPdfOperation = {
  summary: 'The application PDF (a draft, every page marked DRAFT), streamed',
  parameters: [
    { name: 'level', in: 'query', schema: { type: 'string' }, description: 'A level id of the portfolio’s criteria set; default: the level aimed at' },
    { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Default: today' },
    { name: 'blind', in: 'query', schema: { enum: ['1', 'true'] }, description: 'Leave out the applicant’s name and membership number (appended files are included as uploaded and may name the applicant)' },
    { name: 'omitAppendices', in: 'query', schema: { enum: ['1', 'true'] }, description: 'With blind: list the appended files without their pages' },
  ],
  responses: { '200': { description: 'The PDF; the X-Snapshot-SHA256 header gives the SHA-256 of the snapshot it renders', content: { 'application/pdf': {} } }, ...errorResponses },
};
