import type { RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { errorResponses, json, ref } from '../../openapi';
import { ApiRouter } from '../../api-router';
import { idempotent } from '../../middleware/idempotency';
import { signoffRequestBody } from '../../api-bodies';
import { listRequests, requestConfirmation, resendRequest, revokeRequest, type SignoffRequest } from '../../../domain/signoff/signoff-service';
import { AppError, validationError } from '../../../errors';

/** Confirmation requests to supervisors. */
export function signoffRequestApi(deps: AppDeps, applicant: RequestHandler): ApiRouter {
  const api = new ApiRouter();
  const requestJson = (request: SignoffRequest) => ({
    id: request.id,
    supervisorName: request.supervisorName,
    supervisorEmail: request.supervisorEmail,
    recordIds: request.recordIds,
    state: request.state === 'pending' && request.expiresAt <= deps.clock.now() ? 'expired' : request.state,
    sentAt: request.sentAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
  });
  api.use(['/signoff-requests'], applicant);
  const listed = { description: 'The requests', ...json({ type: 'object', properties: { items: { type: 'array', items: ref('SignoffRequest') } } }) };
  api.get('/signoff-requests', { summary: 'Confirmation requests sent to supervisors', responses: { '200': listed, ...errorResponses } }, async (req, res) =>
    res.json({ items: (await listRequests(deps, req.user!.id)).map(requestJson) }),
  );

  const ask = {
    summary: 'Ask the supervisor of these supervision records (one supervisor) to confirm them; emails a link',
    body: signoffRequestBody,
    responses: { '201': { description: 'The request', ...json(ref('SignoffRequest')) }, ...errorResponses },
  };
  api.post('/signoff-requests', ask, idempotent(deps), async (req, res) => {
    const ids = (req.body as { recordIds: number[] }).recordIds;
    try {
      res.status(201).json(requestJson(await requestConfirmation(deps, req.user!.id, ids)));
    } catch (error) {
      // The pages call the field "records"; the API's client sent "recordIds".
      const fields = error instanceof AppError ? error.details.fields : undefined;
      if (fields?.records) throw validationError({ recordIds: fields.records });
      throw error;
    }
  });
  api.post('/signoff-requests/{id}/revoke', { summary: 'Revoke: the link stops working', responses: { '204': { description: 'Revoked' }, ...errorResponses } }, async (req, res) => {
    await revokeRequest(deps, req.user!.id, idParam(req));
    res.status(204).end();
  });
  api.post('/signoff-requests/{id}/resend', { summary: 'Send a new link; the old one stops working', responses: { '204': { description: 'Sent' }, ...errorResponses } }, async (req, res) => {
    await resendRequest(deps, req.user!.id, idParam(req));
    res.status(204).end();
  });
  return api;
}
