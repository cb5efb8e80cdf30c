import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { idParam } from '../params';
import { requireRole } from '../middleware/auth';
import { submitPortfolio } from '../../domain/submission/submission-service';
import { openAssessment, recordOutcome, saveAssessmentNotes, visibleSubmission, visibleSubmissions } from '../../domain/submission/assessment-service';
import { submissionRepository, type SubmissionSummary } from '../../db/repositories/submission-repository';
import { sendStoredPdf } from './submissions';
import { validationError } from '../../errors';
import { withoutApplicant } from '../../domain/snapshot/snapshot-versions';

const messages = {
  level: 'level must be the id of a level of your criteria set, e.g. "practitioner".',
  judgements: 'judgements must be a list of { "requirementId": "…", "judgement": "met" | "not_met" | "more_info", "comment": "…" }; competences a list of { "id": "…", "comment": "…" }.',
};

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

const isList = (value: unknown): value is Record<string, unknown>[] => Array.isArray(value) && value.every((item) => item !== null && typeof item === 'object');

/** Submissions and assessments in the JSON API (mounted after the bearer token check). */
export function submissionApi(deps: AppDeps): Router {
  const router = Router();

  router.post('/api/v1/submissions', requireRole('applicant'), async (req, res) => {
    const body = (req.body ?? {}) as { level?: unknown; previousId?: unknown; declarations?: Record<string, unknown>; blindAppendices?: unknown };
    if (body.previousId === undefined && typeof body.level !== 'string') throw validationError({ level: messages.level });
    const submission = await submitPortfolio(deps, req.user!.id, {
      level: String(body.level ?? ''),
      declarations: Object.entries(body.declarations ?? {}).filter(([, made]) => made === true).map(([id]) => id),
      ...(typeof body.blindAppendices === 'boolean' ? { blindAppendices: body.blindAppendices } : {}),
      ...(typeof body.previousId === 'number' ? { previousId: body.previousId } : {}),
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
    const items = await submissionRepository.list(deps.db, { assessorId: req.user!.id });
    res.json({ items: items.map((item) => submissionJson(item, item.blind)) });
  });

  router.post('/api/v1/assessments/:id/judgements', async (req, res) => {
    const body = (req.body ?? {}) as { judgements?: unknown; competences?: unknown };
    const judgements = body.judgements ?? [];
    const competences = body.competences ?? [];
    if (!isList(judgements) || !isList(competences)) throw validationError({ judgements: messages.judgements });
    const id = idParam(req);
    await openAssessment(deps, req.user!.id, id);
    await saveAssessmentNotes(deps, req.user!.id, id, {
      requirements: judgements.map((item) => ({ id: String(item.requirementId), judgement: typeof item.judgement === 'string' ? item.judgement : undefined, comment: typeof item.comment === 'string' ? item.comment : undefined })),
      competences: competences.map((item) => ({ id: String(item.id), comment: typeof item.comment === 'string' ? item.comment : undefined })),
    });
    res.json({ notes: await submissionRepository.notes(deps.db, id) });
  });

  router.post('/api/v1/assessments/:id/decision', async (req, res) => {
    const body = (req.body ?? {}) as { recommendation?: unknown; feedback?: unknown };
    const id = idParam(req);
    await openAssessment(deps, req.user!.id, id);
    await recordOutcome(deps, req.user!.id, id, { recommendation: typeof body.recommendation === 'string' ? body.recommendation : undefined, feedback: typeof body.feedback === 'string' ? body.feedback : undefined });
    res.json(submissionJson((await submissionRepository.findSummary(deps.db, id))!));
  });

  return router;
}
