import type { AppDeps } from '../../app-deps';
import { ApiRouter } from '../../api-router';
import { errorResponses, json, ref } from '../../openapi';
import { requireRole } from '../../middleware/auth';
import { idParam } from '../../params';
import { pdfRenderBody } from '../../api-bodies';
import { findOwnRender, hasDraftPdf, requestDraftPdf, type PdfRender } from '../../../domain/rendering/pdf-render-service';
import { sendRenderedPdf } from './pages';

/** A PDF made in the background as the API shows it. */
export const pdfRenderJson = (render: PdfRender) => ({
  id: render.id,
  purpose: render.purpose,
  status: render.status,
  attempts: render.attempts,
  error: render.error,
  fileName: render.fileName,
  sizeBytes: render.pdfSizeBytes,
  snapshotSha256: render.snapshotSha256,
  pdf: hasDraftPdf(render) ? `/api/v1/pdf-renders/${render.id}/pdf` : null,
  submissionId: render.submissionId,
  createdAt: render.createdAt.toISOString(),
  finishedAt: render.finishedAt?.toISOString() ?? null,
});

const renderResponse = (description: string) => ({ description, ...json(ref('PdfRender')) });
const notFound = { description: 'Not found', ...json(ref('Error')) };

/** Draft PDFs rendered in the background: ask for one, follow it, download it. */
export function pdfRenderApi(deps: AppDeps): ApiRouter {
  const api = new ApiRouter();
  const applicant = requireRole('applicant');

  const ask = {
    summary: 'Render the application PDF (a draft) in the background, for a large portfolio; follow it at the Location given',
    body: pdfRenderBody,
    responses: { '202': renderResponse('Queued'), ...errorResponses },
    guards: [applicant],
  };
  api.post('/portfolio/pdf-renders', ask, async (req, res) => {
    const body = req.body as { level?: string; asOf?: string; blind?: boolean; omitAppendices?: boolean };
    const render = await requestDraftPdf(deps, req.user!.id, { level: body.level, asOf: body.asOf, blind: body.blind ?? false, blindWithoutAppendices: (body.blind ?? false) && (body.omitAppendices ?? false) });
    res.status(202).location(`/api/v1/pdf-renders/${render.id}`).json(pdfRenderJson(render));
  });

  api.get(
    '/pdf-renders/{id}',
    { summary: 'A PDF asked for in the background (a draft or a submission): its status', responses: { '200': renderResponse('The render'), '404': notFound, ...errorResponses }, guards: [applicant] },
    async (req, res) => res.json(pdfRenderJson(await findOwnRender(deps, req.user!.id, idParam(req)))),
  );

  const download = {
    summary: 'A ready draft PDF, byte for byte as rendered',
    responses: { '200': { description: 'The PDF', content: { 'application/pdf': {} } }, '404': notFound, ...errorResponses },
    guards: [applicant],
  };
  api.get('/pdf-renders/{id}/pdf', download, async (req, res) => sendRenderedPdf(deps, await findOwnRender(deps, req.user!.id, idParam(req)), res));

  return api;
}
