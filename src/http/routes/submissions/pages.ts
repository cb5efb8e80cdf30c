import { sendStoredFile } from '../../stored-file';
import { Router, type Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam, positiveId } from '../../params';
import { requireRole } from '../../middleware/auth';
import { formPage } from '../../middleware/validate';
import { evaluatePortfolio } from '../../../domain/portfolio/evaluation-service';
import { getOwnSubmission, listOwnSubmissions, nextVersionOf, withdrawSubmission } from '../../../domain/submission/submission-service';
import { requestSubmission } from '../../../domain/rendering/pdf-render-service';
import { redirectToRender } from '../renders/render-response';
import { STATUS_LABELS } from '../../../domain/submission/statuses';
import { COMPETENCES, isConfirmedState } from '../../../domain/vocabulary';
import { contentDisposition } from '../../../domain/evidence/file-type';
import { requirementRows } from '../../../presenters/evaluation';
import { appendixEntries } from '../../../domain/evidence/appendix-choice';
import { formatHours, formatIsoDate } from '../../../domain/dates';
import { totalHours } from '../../../domain/evaluation/hours';
import { formatDateTime } from '../../presenters/format';
import { notFound } from '../../../errors';

const messages = {
  withdrawn: 'Your submission has been withdrawn.',
};

/** The final checklist before submitting: the level's evaluation, unconfirmed supervision, empty competence categories. */
async function checklist(deps: AppDeps, req: Request) {
  const resubmitId = positiveId(req.query.resubmit ?? req.body?.previousId);
  const previous = resubmitId ? await getOwnSubmission(deps, req.user!.id, resubmitId) : undefined;
  const { evaluation, set, portfolio, evidence } = await evaluatePortfolio(deps, req.user!.id);
  const asked = previous?.level ?? (typeof req.query.level === 'string' ? req.query.level : req.body?.level) ?? portfolio.targetLevel ?? set.levels[0]!.id;
  const level = evaluation.levels.find((each) => each.id === asked) ?? evaluation.levels[0]!;
  const logged = evidence.supervision.filter((record) => record.date <= evaluation.asOf);
  const unconfirmed = logged.filter((record) => !isConfirmedState(record.confirmation) && record.confirmation !== 'declined');
  const declined = logged.filter((record) => record.confirmation === 'declined');
  const appendices = await appendixEntries(deps, req.user!.id);
  const competences = level.requirements.find((requirement) => requirement.kind === 'competences_evidenced')?.categories;
  const tagged = new Set(evidence.reflections.flatMap((record) => record.competences));
  return {
    title: previous ? 'Resubmit with more information' : 'Submit for assessment',
    previous,
    setTitle: set.title,
    levels: set.levels.map((each) => ({ id: each.id, label: each.label })),
    level,
    rows: requirementRows(level, ''),
    asOfText: formatIsoDate(evaluation.asOf),
    unconfirmedCount: unconfirmed.length,
    unconfirmedHours: formatHours(totalHours(unconfirmed)),
    declinedCount: declined.length,
    declinedHours: formatHours(totalHours(declined)),
    declarations: set.declarations ?? [],
    appended: appendices.filter((entry) => entry.appended).map((entry) => entry.file.name),
    listedOnly: appendices.filter((entry) => !entry.appended && entry.supports > 0).map((entry) => entry.file.name),
    emptyCompetences: COMPETENCES.ids.filter((id) => !(competences ? competences.some((category) => category.id === id && category.count > 0) : tagged.has(id))).map((id) => COMPETENCES.labels[id]),
    values: { level: level.id, blindAppendices: previous && !previous.blindAppendices ? 'omit' : 'include', ...(req.body ?? {}) },
  };
}

/** The applicant's side: the final checklist and submitting, their submissions, withdrawing, the stored PDF. */
export function submissionRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(['/submit', '/submissions'], requireRole('applicant'));

  router.get('/submit', async (req, res) => res.render('submissions/submit', await checklist(deps, req)));

  router.post(
    '/submit',
    formPage('submissions/submit', (req) => checklist(deps, req)),
    async (req, res) => {
      const body = req.body as Record<string, string | undefined>;
      req.log.debug('submission started');
      const asked = await requestSubmission(deps, req.user!.id, {
        level: String(body.level ?? ''),
        declarations: ([] as unknown[]).concat(req.body.declarations ?? []).filter((id): id is string => typeof id === 'string'),
        blindAppendices: body.blindAppendices !== 'omit',
        ...(positiveId(body.previousId) ? { previousId: positiveId(body.previousId) } : {}),
      });
      await redirectToRender(deps, req, res, asked);
    },
  );

  router.get('/submissions', async (req, res) => {
    const items = await listOwnSubmissions(deps, req.user!.id);
    res.render('submissions/index', { title: 'Your submissions', items, statusLabels: STATUS_LABELS, formatDateTime });
  });

  router.get('/submissions/:id', async (req, res) => {
    const submission = await getOwnSubmission(deps, req.user!.id, idParam(req));
    const next = await nextVersionOf(deps, submission.id);
    res.render('submissions/show', {
      title: `${submission.levelLabel} ${submission.purpose === 'renewal' ? 'renewal application' : 'application'}, version ${submission.version}`,
      submission,
      next,
      statusLabels: STATUS_LABELS,
      formatDateTime,
      formatIsoDate,
      asOfText: formatIsoDate(submission.asOf),
    });
  });

  router.get('/submissions/:id/pdf', async (req, res) => {
    const submission = await getOwnSubmission(deps, req.user!.id, idParam(req));
    await sendStoredPdf(deps, submission, res);
  });

  router.post('/submissions/:id/withdraw', async (req, res) => {
    await withdrawSubmission(deps, req.user!.id, idParam(req));
    req.session.flash = messages.withdrawn;
    res.redirect(303, `/submissions/${idParam(req)}`);
  });

  return router;
}

/** The PDF issued for a submission, byte for byte as stored (the verify page compares these bytes). */
export async function sendStoredPdf(deps: AppDeps, submission: { pdfSha256: string; level: string; asOf: string; version: number }, res: import('express').Response): Promise<void> {
  if (!(await deps.evidenceStore.exists(submission.pdfSha256))) throw notFound('The PDF of this submission is missing from the file store.');
  res
    .type('application/pdf')
    .set('Content-Disposition', contentDisposition(`eia-${submission.level.replace(/_/g, '-')}-${submission.asOf}-v${submission.version}.pdf`))
    .set('Cache-Control', 'private, no-store');
  await sendStoredFile(deps.evidenceStore, submission.pdfSha256, res);
}
