import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { requireRole } from '../../middleware/auth';
import { awaitRender, requestSubmission } from '../../../domain/rendering/pdf-render-service';
import { pdfRenderJson } from '../renders/api';
import { conflict } from '../../../errors';
import { visibleSubmission, visibleSubmissions } from '../../../domain/submission/assessment-service';
import { sendStoredPdf } from '../submissions/pages';
import { withoutApplicant } from '../../../domain/snapshot/snapshot-versions';
import { ApiRouter } from '../../api-router';
import { errorResponses, json, ref } from '../../openapi';
import { idempotent } from '../../middleware/idempotency';
import { submissionBody } from '../../api-bodies';
import { submissionJson, submissionResponse, submissionsResponse } from './submission-json';

const notFound = { description: 'Not found', ...json(ref('Error')) };
const messages = { failed: 'The submission could not be made.' };

/** Submissions in the JSON API: an applicant submits; whoever may see a submission reads it and its PDF. */
export function submissionApi(deps: AppDeps): ApiRouter {
  const api = new ApiRouter();

  const submit = {
    summary: 'Submit the portfolio as it is today for a level (or resubmit, with previousId, after a request for more information)',
    body: submissionBody,
    responses: {
      '201': submissionResponse,
      '202': { description: 'Still being prepared (a large portfolio): follow it at the Location given, a PdfRender whose submissionId names the submission once made', ...json(ref('PdfRender')) },
      '409': { description: 'A submission is already in progress', ...json(ref('Error')) },
      ...errorResponses,
    },
    guards: [requireRole('applicant')],
  };
  api.post('/submissions', submit, idempotent(deps), async (req, res) => {
    const body = req.body as { level?: string; previousId?: number; declarations: Record<string, boolean>; blindAppendices?: boolean };
    const asked = await requestSubmission(deps, req.user!.id, {
      level: body.level ?? '',
      declarations: Object.entries(body.declarations)
        .filter(([, made]) => made)
        .map(([id]) => id),
      ...(body.blindAppendices !== undefined ? { blindAppendices: body.blindAppendices } : {}),
      ...(body.previousId !== undefined ? { previousId: body.previousId } : {}),
    });
    // The PDF is rendered in the background: a quick one answers with the submission, a slow one
    // with where to follow it; a refusal found when it was made (one went in meanwhile) is a 409.
    const render = await awaitRender(deps, asked);
    if (render.status === 'failed') throw conflict(render.error ?? messages.failed);
    if (render.status !== 'ready' || !render.submissionId) return void res.status(202).location(`/api/v1/pdf-renders/${render.id}`).json(pdfRenderJson(render));
    const submission = await visibleSubmission(deps, req.user!, render.submissionId);
    res.status(201).location(`/api/v1/submissions/${submission.id}`).json(submissionJson(submission));
  });

  api.get(
    '/submissions',
    { summary: 'Submissions you may see: your own, those assigned to you, all for an administrator', responses: { '200': submissionsResponse('The submissions'), ...errorResponses } },
    async (req, res) => {
      const items = await visibleSubmissions(deps, req.user!);
      res.json({ items: items.map((item) => submissionJson(item, item.blind && item.assessorId === req.user!.id && item.applicantId !== req.user!.id && !req.user!.roles.includes('admin'))) });
    },
  );

  api.get('/submissions/{id}', { summary: 'A submission with its frozen snapshot', responses: { '200': submissionResponse, '404': notFound, ...errorResponses } }, async (req, res) => {
    const submission = await visibleSubmission(deps, req.user!, idParam(req));
    const hideName = submission.blind && submission.assessorId === req.user!.id && !req.user!.roles.includes('admin');
    // The snapshot as frozen: its canonical JSON hashes to snapshotSha256 (a blind assessor's copy lacks the name).
    res.json({ ...submissionJson(submission, hideName), snapshot: hideName ? withoutApplicant(submission.storedSnapshot) : submission.storedSnapshot });
  });

  const pdf = { summary: 'The PDF issued for the submission, byte for byte', responses: { '200': { description: 'The PDF', content: { 'application/pdf': {} } }, '404': notFound } };
  api.get('/submissions/{id}/pdf', pdf, async (req, res) => sendStoredPdf(deps, await visibleSubmission(deps, req.user!, idParam(req)), res));

  return api;
}
