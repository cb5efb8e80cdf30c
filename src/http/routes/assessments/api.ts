import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { checkBeforeBody, requireRole } from '../../middleware/auth';
import { assessmentNotes, assessorQueue, assignedTo, recordOutcome, saveAssessmentNotes, submissionSummary } from '../../../domain/submission/assessment-service';
import { ApiRouter } from '../../api-router';
import { errorResponses, json, ref } from '../../openapi';
import { decisionBody, judgementsBody } from '../../api-bodies';
import { submissionJson, submissionResponse, submissionsResponse } from '../submissions/submission-json';

/** Assessments in the JSON API: an assessor's queue, judgements and decision on a submission assigned to them. */
export function assessmentApi(deps: AppDeps): ApiRouter {
  const api = new ApiRouter();

  api.use(['/assessments'], requireRole('assessor'));
  api.get('/assessments', { summary: 'Submissions assigned to you (assessors)', responses: { '200': submissionsResponse('The queue'), ...errorResponses } }, async (req, res) => {
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
    responses: { '200': submissionResponse, '409': { description: 'Decided, withdrawn or waiting for the applicant', ...json(ref('Error')) }, ...errorResponses },
  };
  api.post('/assessments/{id}/decision', decide, async (req, res) => {
    const body = req.body as { recommendation: string; feedback: string };
    const id = idParam(req);
    await recordOutcome(deps, req.user!.id, id, body);
    res.json(submissionJson((await submissionSummary(deps, id))!));
  });

  return api;
}
