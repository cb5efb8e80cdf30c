import { Router, type Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { requireRole } from '../../middleware/auth';
import { idParam } from '../../params';
import { sendStoredFile } from '../../stored-file';
import { findOwnRender, hasDraftPdf, isFinished, type PdfRender } from '../../../domain/rendering/pdf-render-service';
import { contentDisposition } from '../../../domain/evidence/file-type';
import { notFound } from '../../../errors';
import { fileSizeText } from '../../../presenters/file-size';
import { formatDateTime } from '../../presenters/format';
import { renderPath } from './render-response';

const messages = {
  notReady: 'This PDF is not ready yet.',
  missing: 'This PDF is no longer kept (a PDF made in the background is kept for a day). Ask for it again.',
};

/** What the page and its live updates (and the PDF page's list) show of a render. */
export function renderView(render: PdfRender) {
  return {
    id: render.id,
    purpose: render.purpose,
    status: render.status,
    attempts: render.attempts,
    error: render.error,
    fileName: render.fileName,
    size: render.pdfSizeBytes === null ? null : fileSizeText(render.pdfSizeBytes),
    pdfHref: hasDraftPdf(render) ? `${renderPath(render)}/pdf` : null,
    submissionHref: render.submissionId ? `/submissions/${render.submissionId}` : null,
    askedAt: formatDateTime(render.createdAt),
    href: renderPath(render),
    retryHref: retryHref(render),
  };
}

/** Where the applicant asked from, to ask again: the checklist, the PDF options, or the award's renewal page. */
function retryHref(render: PdfRender): string {
  const renewal = render.request.renewal as { awardId?: number } | undefined;
  if (renewal) return renewal.awardId ? `/awards/${renewal.awardId}/renewal` : '/awards';
  return render.purpose === 'submission' ? '/submit' : '/portfolio/pdf';
}

/** The "being prepared" page of a PDF made in the background, its status for live updates, and the download. */
export function renderRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/renders', requireRole('applicant'));

  // Also polled by public/js/render-status.js, which swaps in the status part when it changes.
  router.get('/renders/:id', async (req, res) => {
    const render = await findOwnRender(deps, req.user!.id, idParam(req));
    const view = renderView(render);
    res.set('Cache-Control', 'private, no-store').render('renders/show', { title: view.purpose === 'submission' ? 'Your submission' : 'Your PDF', render: view, finished: isFinished(render) });
  });

  router.get('/renders/:id/pdf', async (req, res) => sendRenderedPdf(deps, await findOwnRender(deps, req.user!.id, idParam(req)), res));

  return router;
}

/** A ready draft, as rendered (also the API's download). */
export async function sendRenderedPdf(deps: AppDeps, render: PdfRender, res: Response): Promise<void> {
  // A submission's PDF is downloaded from the submission, as issued.
  if (!hasDraftPdf(render)) throw notFound(messages.notReady);
  const sha256 = render.pdfSha256!;
  if (!(await deps.evidenceStore.exists(sha256))) throw notFound(messages.missing);
  res
    .type('application/pdf')
    .set('Content-Disposition', contentDisposition(render.fileName ?? `eia-${render.id}.pdf`))
    .set('X-Snapshot-SHA256', render.snapshotSha256 ?? '')
    .set('Cache-Control', 'private, no-store');
  await sendStoredFile(deps.evidenceStore, sha256, res);
}
