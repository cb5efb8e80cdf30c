import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { evaluatePortfolio } from '../../domain/portfolio/evaluation-service';
import { definitionOf, type RecordType } from '../../domain/records';
import { recordRepository } from '../../db/repositories/record-repository';
import { requireRole } from '../middleware/auth';
import { notFound } from '../../errors';
import { forecastText, progressText } from '../../presenters/evaluation';
import { CONFIDENCE_LABELS } from '../../presenters/criteria';
import { competenceMap } from '../presenters/competence-map';
import { formatIsoDate } from '../../domain/dates';
import { confirmationStatuses } from '../../domain/signoff/signoff-service';
import type { ConfirmationStatus } from '../../domain/signoff/confirmation-status';
import { confirmationBreakdown } from '../../presenters/supervision-status';

const SHOWN = 500;

interface DescribedRecord {
  ref: string;
  href: string;
  text: string;
  log: string;
  /** A supervision record's confirmation status, beside it wherever it is listed. */
  status?: ConfirmationStatus;
}

/** Record refs → links with the record's one-line description (and a supervision record's status), loading each log once. */
async function describeRefs(deps: AppDeps, portfolioId: number, refs: string[]): Promise<DescribedRecord[]> {
  const byType = new Map<RecordType, Map<number, { text: string; status?: ConfirmationStatus }>>();
  const described: DescribedRecord[] = [];
  for (const ref of refs) {
    const [type, id] = ref.split(':') as [RecordType, string];
    if (!byType.has(type)) {
      const definition = definitionOf(type);
      const records = await recordRepository.list(deps.db, definition, portfolioId);
      const statuses = type === 'supervision' ? await confirmationStatuses(deps.db, portfolioId, records, deps.clock.now()) : undefined;
      byType.set(type, new Map(records.map((record) => [record.id, { text: definition.describe(record.values), status: statuses?.get(record.id) }])));
    }
    const found = byType.get(type)!.get(Number(id));
    if (found) described.push({ ref, href: `${definitionOf(type).path}/${id}`, text: found.text, log: definitionOf(type).names.nav, ...(found.status ? { status: found.status } : {}) });
  }
  return described;
}

/** Where a requirement's figure comes from, and the competence map. */
export function evaluationRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(['/evaluation', '/competences'], requireRole('applicant'));

  router.get('/evaluation/:requirement', async (req, res) => {
    const asOf = typeof req.query.asOf === 'string' && req.query.asOf ? req.query.asOf : undefined;
    const { evaluation, portfolio } = await evaluatePortfolio(deps, req.user!.id, { asOf });
    const level = evaluation.levels.find((candidate) => candidate.requirements.some((r) => r.id === req.params.requirement));
    const result = level?.requirements.find((r) => r.id === req.params.requirement);
    if (!level || !result) throw notFound();
    const counted = await describeRefs(deps, portfolio.id, result.counted.slice(0, SHOWN));
    const excludedText = new Map(result.excluded.map((item) => [item.ref, item.reason]));
    const excluded = (await describeRefs(deps, portfolio.id, result.excluded.slice(0, SHOWN).map((item) => item.ref))).map((item) => ({ ...item, reason: excludedText.get(item.ref)! }));
    res.render('evaluation/requirement', {
      title: result.label,
      level,
      result,
      asOfText: formatIsoDate(evaluation.asOf),
      progress: progressText(result),
      forecast: forecastText(result),
      confirmations: confirmationBreakdown(result),
      confidenceLabel: CONFIDENCE_LABELS[result.confidence],
      counted,
      excluded,
      more: { counted: Math.max(0, result.counted.length - SHOWN), excluded: Math.max(0, result.excluded.length - SHOWN) },
      formatIsoDate,
      backHref: `/${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`,
    });
  });

  router.get('/competences', async (req, res) => {
    const { portfolio, evidence, set } = await evaluatePortfolio(deps, req.user!.id);
    const reflections = await recordRepository.list(deps.db, definitionOf('reflection'), portfolio.id);
    res.render('evaluation/competences', { title: 'Competence map', ...competenceMap(reflections, evidence, portfolio, set) });
  });

  return router;
}
