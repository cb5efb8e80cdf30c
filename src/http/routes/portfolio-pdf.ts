import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import { prepareDraftPdf, type PdfRequest } from '../../domain/portfolio/portfolio-pdf-service';
import { portfolioOf } from '../../domain/portfolio/portfolio-service';
import { findCriteriaSet } from '../../domain/criteria/criteria-catalog';
import { contentDisposition } from '../../domain/evidence/file-type';
import { requireRole } from '../middleware/auth';
import { isAppError } from '../../errors';
import { isoDay } from '../../domain/dates';

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** ?level=&asOf=&blind=1 as the service takes them. */
export const pdfRequestFrom = (req: Request): PdfRequest => ({ level: text(req.query.level), asOf: text(req.query.asOf), blind: req.query.blind === '1' || req.query.blind === 'true' || req.query.blind === 'on' });

/** Streams the draft PDF; bad input (a level or date) is thrown before a byte is sent. */
export async function sendDraftPdf(deps: AppDeps, req: Request, res: Response): Promise<void> {
  const prepared = await prepareDraftPdf(deps, req.user!.id, pdfRequestFrom(req));
  res.type('application/pdf').set('Content-Disposition', contentDisposition(prepared.fileName)).set('X-Snapshot-SHA256', prepared.sha256).set('Cache-Control', 'private, no-store');
  await prepared.write(res);
}

/** The application PDF: a page to choose the level, date and blind review, and the download. */
export function portfolioPdfRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(['/portfolio/pdf', '/portfolio.pdf'], requireRole('applicant'));

  const view = async (req: Request, values: Record<string, unknown>, errors: Record<string, string> = {}) => {
    const portfolio = await portfolioOf(deps, req.user!.id);
    const set = await findCriteriaSet(deps, portfolio.criteriaSet);
    return {
      title: 'Application PDF',
      levels: set?.levels.map((level) => ({ id: level.id, label: level.label })) ?? [],
      setTitle: set?.title ?? portfolio.criteriaSet,
      values: { level: portfolio.targetLevel ?? '', asOf: isoDay(deps.clock.now()), ...values },
      errors,
    };
  };

  router.get('/portfolio/pdf', async (req, res) => res.render('portfolio/pdf', await view(req, {})));

  router.get('/portfolio.pdf', async (req, res) => {
    try {
      await sendDraftPdf(deps, req, res);
    } catch (error) {
      // A bad level or date: the form again, with the message beside the field and the choices kept.
      if (!isAppError(error) || error.code !== 'validation' || res.headersSent) throw error;
      res.status(422).render('portfolio/pdf', await view(req, { ...req.query }, error.details.fields ?? {}));
    }
  });

  return router;
}
