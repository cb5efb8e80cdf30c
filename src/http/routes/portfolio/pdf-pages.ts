import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { prepareDraftPdf, type PdfRequest } from '../../../domain/portfolio/portfolio-pdf-service';
import { portfolioOf } from '../../../domain/portfolio/portfolio-service';
import { findCriteriaSet } from '../../../domain/criteria/criteria-catalog';
import { appendixEntries, chooseAppendices } from '../../../domain/evidence/appendix-choice';
import { contentDisposition } from '../../../domain/evidence/file-type';
import { requireRole } from '../../middleware/auth';
import { formPage } from '../../middleware/validate';
import { isAppError } from '../../../errors';
import { recentRenders, requestDraftPdf } from '../../../domain/rendering/pdf-render-service';
import { renderView } from '../renders/pages';
import { redirectToRender } from '../renders/render-response';
import { isoDay } from '../../../domain/dates';
import { fileSizeText } from '../../../presenters/file-size';

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const ticked = (value: unknown) => value === '1' || value === 'true' || value === 'on';
/** Ids sent as repeated fields (a checkbox list), whole numbers only. */
const ids = (value: unknown) =>
  ([] as unknown[])
    .concat(value ?? [])
    .map(Number)
    .filter((id) => Number.isSafeInteger(id) && id > 0);

/** level, asOf, blind=1, omitAppendices=1 (a query or a form) as the service takes them. */
export const pdfRequestFrom = (fields: Record<string, unknown>): PdfRequest => {
  const blind = ticked(fields.blind);
  return { level: text(fields.level), asOf: text(fields.asOf), blind, blindWithoutAppendices: blind && ticked(fields.omitAppendices) };
};

/** Streams the draft PDF; bad input (a level or date) is thrown before a byte is sent. */
export async function sendDraftPdf(deps: AppDeps, req: Request, res: Response): Promise<void> {
  const prepared = await prepareDraftPdf(deps, req.user!.id, pdfRequestFrom(req.query));
  res.type('application/pdf').set('Content-Disposition', contentDisposition(prepared.fileName)).set('X-Snapshot-SHA256', prepared.sha256).set('Cache-Control', 'private, no-store');
  await prepared.write(res);
}

/** The application PDF: a page to choose the level, date, blind review and the appended files, and the download. */
export function portfolioPdfRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(['/portfolio/pdf', '/portfolio.pdf'], requireRole('applicant'));

  const view = async (req: Request, values: Record<string, unknown> = {}, errors: Record<string, string> = {}) => {
    const portfolio = await portfolioOf(deps, req.user!.id);
    const set = await findCriteriaSet(deps, portfolio.criteriaSet);
    const files = (await appendixEntries(deps, req.user!.id)).map((entry) => ({ ...entry, size: fileSizeText(entry.file.sizeBytes) }));
    return {
      title: 'Application PDF',
      renders: (await recentRenders(deps, req.user!.id)).map(renderView),
      levels: set?.levels.map((level) => ({ id: level.id, label: level.label })) ?? [],
      setTitle: set?.title ?? portfolio.criteriaSet,
      files,
      values: { level: portfolio.targetLevel ?? '', asOf: isoDay(deps.clock.now()), ...values },
      errors,
    };
  };

  router.get('/portfolio/pdf', async (req, res) => res.render('portfolio/pdf', await view(req)));

  // The choice of appended files is kept (the next PDF and the submission use it), then the PDF is
  // rendered in the background: downloaded at once when it is quick, else the "being prepared" page.
  // The dashboard's and checklist's buttons post only a level (and a date): the choice stays as it is.
  router.post(
    '/portfolio/pdf',
    formPage('portfolio/pdf', (req) => view(req, req.body as Record<string, unknown>)),
    async (req, res) => {
      const body = req.body as Record<string, unknown>;
      if (body.listed !== undefined) await chooseAppendices(deps, req.user!.id, ids(body.listed), ids(body.append));
      const asked = await requestDraftPdf(deps, req.user!.id, pdfRequestFrom(body));
      await redirectToRender(deps, req, res, asked);
    },
  );

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
