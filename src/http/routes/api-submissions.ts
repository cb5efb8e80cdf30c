import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { idParam } from '../params';
import { checkBeforeBody, requireRole } from '../middleware/auth';
import { submitPortfolio, type SubmissionSummary } from '../../domain/submission/submission-service';
import { assessmentNotes, assessorQueue, assignedTo, recordOutcome, saveAssessmentNotes, submissionSummary, visibleSubmission, visibleSubmissions } from '../../domain/submission/assessment-service';
import { sendStoredPdf } from './submissions';
import { withoutApplicant } from '../../domain/snapshot/snapshot-versions';
import { jsonBody } from '../middleware/json-body';
import { idempotent } from '../middleware/idempotency';
import { decisionBody, judgementsBody, submissionBody } from '../api-bodies';

/** A submission as the API shows it; the applicant's name is withheld from a blind assessor. */
const submissionJson = (submission: SubmissionSummary, hideName = false) => ({
  id: submission.id,
  version: submission.version,
  previousId: submission.previousId,
  criteriaSet: submission.criteriaSet,
  level: submission.level,
  asOf: submission.asOf,
  status: submission.status,
  applicantName: hideName ? null : submission.applicantName,
  verificationCode: submission.verificationCode,
  snapshotSha256: submission.snapshotSha256,
  pdfSha256: submission.pdfSha256,
  submittedAt: submission.submittedAt.toISOString(),
  decidedAt: submission.decidedAt?.toISOString() ?? null,
  recommendation: submission.recommendation,
  feedback: submission.feedback,
});

/** Submissions and assessments in the JSON API (mounted after the bearer token check). */
export function submissionApi(deps: AppDeps): Router {
  const router = Router();

  router.post('/api/v1/submissions', requireRole('applicant'), jsonBody(submissionBody), idempotent(deps), async (req, res) => {
    const body = req.body as { level?: string; previousId?: number; declarations: Record<string, boolean>; blindAppendices?: boolean };
    const submission = await submitPortfolio(deps, req.user!.id, {
      level: body.level ?? '',
      declarations: Object.entries(body.declarations)
        .filter(([, made]) => made)
        .map(([id]) => id),
      ...(body.blindAppendices !== undefined ? { blindAppendices: body.blindAppendices } : {}),
      ...(body.previousId !== undefined ? { previousId: body.previousId } : {}),
    });
    res.status(201).location(`/api/v1/submissions/${submission.id}`).json(submissionJson(submission));
  });

  router.get('/api/v1/submissions', async (req, res) => {
    const items = await visibleSubmissions(deps, req.user!);
    res.json({ items: items.map((item) => submissionJson(item, item.blind && item.assessorId === req.user!.id && item.applicantId !== req.user!.id && !req.user!.roles.includes('admin'))) });
  });

  router.get('/api/v1/submissions/:id', async (req, res) => {
    const submission = await visibleSubmission(deps, req.user!, idParam(req));
    const hideName = submission.blind && submission.assessorId === req.user!.id && !req.user!.roles.includes('admin');
    // The snapshot as frozen: its canonical JSON hashes to snapshotSha256 (a blind assessor's copy lacks the name).
    res.json({ ...submissionJson(submission, hideName), snapshot: hideName ? withoutApplicant(submission.storedSnapshot) : submission.storedSnapshot });
  });

  router.get('/api/v1/submissions/:id/pdf', async (req, res) => sendStoredPdf(deps, await visibleSubmission(deps, req.user!, idParam(req)), res));

  router.use('/api/v1/assessments', requireRole('assessor'));
  router.get('/api/v1/assessments', async (req, res) => {
    const items = await assessorQueue(deps, req.user!.id);
    res.json({ items: items.map((item) => submissionJson(item, item.blind)) });
  });

  router.use(
    '/api/v1/assessments/:id',
    checkBeforeBody((req) => assignedTo(deps, req.user!.id, idParam(req))),
  );

  router.post('/api/v1/assessments/:id/judgements', jsonBody(judgementsBody), async (req, res) => {
    const body = req.body as { judgements?: { requirementId: string; judgement?: string | null; comment?: string }[]; competences?: { id: string; comment?: string }[] };
    const id = idParam(req);
    await saveAssessmentNotes(deps, req.user!.id, id, {
      requirements: (body.judgements ?? []).map((item) => ({ id: item.requirementId, judgement: item.judgement ?? undefined, comment: item.comment })),
      competences: (body.competences ?? []).map((item) => ({ id: item.id, comment: item.comment })),
    });
    res.json({ notes: await assessmentNotes(deps, id) });
  });

  router.post('/api/v1/assessments/:id/decision', jsonBody(decisionBody), async (req, res) => {
    const body = req.body as { recommendation: string; feedback: string };
    const id = idParam(req);
    await recordOutcome(deps, req.user!.id, id, body);
    res.json(submissionJson((await submissionSummary(deps, id))!));
  });

  return router;
}
