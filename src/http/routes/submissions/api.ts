import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { checkBeforeBody, requireRole } from '../../middleware/auth';
import { submitPortfolio, type SubmissionSummary } from '../../../domain/submission/submission-service';
import { assessmentNotes, assessorQueue, assignedTo, recordOutcome, saveAssessmentNotes, submissionSummary, visibleSubmission, visibleSubmissions } from '../../../domain/submission/assessment-service';
import { sendStoredPdf } from '../submissions/pages';
import { withoutApplicant } from '../../../domain/snapshot/snapshot-versions';
import { ApiRouter } from '../../api-router';
import { errorResponses, json, ref } from '../../openapi';
import { idempotent } from '../../middleware/idempotency';
import { decisionBody, judgementsBody, submissionBody } from '../../api-bodies';

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

const one = { description: 'The submission', ...json(ref('Submission')) };
const many = (description: string) => ({ description, ...json({ type: 'object', properties: { items: { type: 'array', items: ref('Submission') } } }) });
const notFound = { description: 'Not found', ...json(ref('Error')) };

/** Submissions and assessments in the JSON API (mounted after the bearer token check). */
export function submissionApi(deps: AppDeps): ApiRouter {
  const api = new ApiRouter();

  const submit = {
    summary: 'Submit the portfolio as it is today for a level (or resubmit, with previousId, after a request for more information)',
    body: submissionBody,
    responses: { '201': one, '409': { description: 'A submission is already in progress', ...json(ref('Error')) }, ...errorResponses },
    guards: [requireRole('applicant')],
  };
  api.post('/submissions', submit, idempotent(deps), async (req, res) => {
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

  api.get('/submissions', { summary: 'Submissions you may see: your own, those assigned to you, all for an administrator', responses: { '200': many('The submissions'), ...errorResponses } }, async (req, res) => {
    const items = await visibleSubmissions(deps, req.user!);
    res.json({ items: items.map((item) => submissionJson(item, item.blind && item.assessorId === req.user!.id && item.applicantId !== req.user!.id && !req.user!.roles.includes('admin'))) });
  });

  api.get('/submissions/{id}', { summary: 'A submission with its frozen snapshot', responses: { '200': one, '404': notFound, ...errorResponses } }, async (req, res) => {
    const submission = await visibleSubmission(deps, req.user!, idParam(req));
    const hideName = submission.blind && submission.assessorId === req.user!.id && !req.user!.roles.includes('admin');
    // The snapshot as frozen: its canonical JSON hashes to snapshotSha256 (a blind assessor's copy lacks the name).
    res.json({ ...submissionJson(submission, hideName), snapshot: hideName ? withoutApplicant(submission.storedSnapshot) : submission.storedSnapshot });
  });

  const pdf = { summary: 'The PDF issued for the submission, byte for byte', responses: { '200': { description: 'The PDF', content: { 'application/pdf': {} } }, '404': notFound } };
  api.get('/submissions/{id}/pdf', pdf, async (req, res) => sendStoredPdf(deps, await visibleSubmission(deps, req.user!, idParam(req)), res));

  api.use(['/assessments'], requireRole('assessor'));
  api.get('/assessments', { summary: 'Submissions assigned to you (assessors)', responses: { '200': many('The queue'), ...errorResponses } }, async (req, res) => {
    const items = await assessorQueue(deps, req.user!.id);
    res.json({ items: items.map((item) => submissionJson(item, item.blind)) });
  });

  api.use(
    ['/assessments/{id}'],
    checkBeforeBody((req) => assignedTo(deps, req.user!.id, idParam(req))),
  );

  const judge = { summary: 'Record judgements per requirement and comments per competence category', body: judgementsBody, responses: { '200': { description: 'Every note of the assessment' }, ...errorResponses } };
  api.post('/assessments/{id}/judgements', judge, async (req, res) => {
    const body = req.body as { judgements?: { requirementId: string; judgement?: string | null; comment?: string }[]; competences?: { id: string; comment?: string }[] };
    const id = idParam(req);
    await saveAssessmentNotes(deps, req.user!.id, id, {
      requirements: (body.judgements ?? []).map((item) => ({ id: item.requirementId, judgement: item.judgement ?? undefined, comment: item.comment })),
      competences: (body.competences ?? []).map((item) => ({ id: item.id, comment: item.comment })),
    });
    res.json({ notes: await assessmentNotes(deps, id) });
  });

  const decide = {
    summary: 'Award the level, do not award it yet, or request more information; the applicant is emailed',
    body: decisionBody,
    responses: { '200': one, '409': { description: 'Decided, withdrawn or waiting for the applicant', ...json(ref('Error')) }, ...errorResponses },
  };
  api.post('/assessments/{id}/decision', decide, async (req, res) => {
    const body = req.body as { recommendation: string; feedback: string };
    const id = idParam(req);
    await recordOutcome(deps, req.user!.id, id, body);
    res.json(submissionJson((await submissionSummary(deps, id))!));
  });

  return api;
}
