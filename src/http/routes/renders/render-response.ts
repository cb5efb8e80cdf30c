import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { awaitRender, type PdfRender } from '../../../domain/rendering/pdf-render-service';
import { getOwnSubmission } from '../../../domain/submission/submission-service';

export const renderPath = (render: Pick<PdfRender, 'id'>) => `/renders/${render.id}`;

/**
 * After asking for a PDF: a short wait, then the PDF (or the submission it made) when it is
 * ready, else the "being prepared" page, which also reports a failure with its reason.
 */
export async function redirectToRender(deps: AppDeps, req: Request, res: Response, asked: PdfRender): Promise<void> {
  const render = await awaitRender(deps, asked);
  if (render.status === 'ready' && render.purpose === 'draft') return res.redirect(303, `${renderPath(render)}/pdf`);
  if (render.status === 'ready' && render.submissionId) {
    req.session.flash = submittedMessage(await getOwnSubmission(deps, render.ownerId, render.submissionId));
    return res.redirect(303, `/submissions/${render.submissionId}`);
  }
  res.redirect(303, renderPath(render));
}

/** The note the submission's page opens with. */
const submittedMessage = (submission: { verificationCode: string; purpose: string }) =>
  `Your ${submission.purpose === 'renewal' ? 'renewal application' : 'application'} has been submitted. Its verification code is ${submission.verificationCode}.`;
