import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { checkPdfAgainst, verifySubmission, type VerifiedSubmission } from '../../../domain/submission/verify-service';
import { normaliseVerificationCode } from '../../../domain/snapshot/verification-code';
import { byIp, rateLimit } from '../../middleware/rate-limit';
import { formPage } from '../../middleware/validate';
import { validationError } from '../../../errors';
import { uploadOne } from '../../middleware/upload';

const MAX_PDF_BYTES = 50 * 1024 * 1024;

const messages = {
  startTitle: 'Verify a submission PDF',
  noCode: 'Enter the verification code printed on the cover of the PDF, for example 7K3M-Q9TZ-2B4X.',
  badCode: 'A verification code has 12 letters and digits, for example 7K3M-Q9TZ-2B4X. Check it against the cover of the PDF.',
  unknownTitle: 'No submitted application has this code',
  choosePdf: 'Choose the PDF file to check.',
  tooLarge: 'This file is larger than 50 MB, so it cannot be the PDF issued. Choose the PDF you were given.',
  unreadable: 'The upload could not be read. Choose the PDF again and try once more.',
  tooMany: 'There have been many checks from your network in a short time. So that the verify page stays available to everyone, please wait a few minutes and try again.',
};

const showTitle = (code: string) => `Verify ${code}`;

/** The PDF to compare, kept in memory only: it is hashed and never stored. */
const acceptPdf = () => uploadOne('pdf', MAX_PDF_BYTES, messages.tooLarge);

/** One page for unknown, malformed and draft codes; 404, with the form to try again. */
function renderUnknown(res: Response, typed: string): void {
  res.status(404).render('verify/unknown', { title: messages.unknownTitle, typed: typed.slice(0, 40), values: { code: typed.slice(0, 40) } });
}

/** The public verify pages: look a code up, see the submission's public facts, compare a copy of its PDF. */
export function verifyRoutes(deps: AppDeps): Router {
  const router = Router();
  // The codes are random (60 bits), but guessing is limited per address all the same.
  router.use('/verify', rateLimit(deps.rateLimiter, [{ name: 'verify-ip', rule: deps.rateLimits.verifyPerIp, key: byIp }], messages.tooMany));

  router.get('/verify', (req, res) => {
    const typed = typeof req.query.code === 'string' ? req.query.code : undefined;
    if (typed === undefined) return res.render('verify/start', { title: messages.startTitle });
    const code = normaliseVerificationCode(typed);
    if (code) return res.redirect(303, `/verify/${code}`);
    res.status(422).render('verify/start', { title: `Error: ${messages.startTitle}`, values: { code: typed.slice(0, 40) }, errors: { code: typed.trim() ? messages.badCode : messages.noCode } });
  });

  router.get('/verify/:code', async (req, res) => {
    const typed = String(req.params.code);
    const code = normaliseVerificationCode(typed);
    if (code && code !== typed) return res.redirect(303, `/verify/${code}`);
    const view = await verifySubmission(deps, typed);
    if (!view) return renderUnknown(res, typed);
    res.render('verify/show', { title: showTitle(view.code), view });
  });

  const knownCode: RequestHandler = async (req, res, next) => {
    const view = await verifySubmission(deps, String(req.params.code));
    if (!view) return renderUnknown(res, String(req.params.code));
    res.locals.verified = view;
    next();
  };

  router.post(
    '/verify/:code',
    formPage('verify/show', async (req: Request) => {
      const view = await verifySubmission(deps, String(req.params.code));
      return { title: `Error: ${showTitle(view?.code ?? '')}`, view };
    }),
    knownCode,
    acceptPdf(),
    async (req, res) => {
      if (!req.file) throw validationError({ pdf: messages.choosePdf });
      const comparison = await checkPdfAgainst(deps, String(req.params.code), req.file.buffer);
      if (!comparison) return renderUnknown(res, String(req.params.code));
      const view = res.locals.verified as VerifiedSubmission;
      res.render('verify/show', { title: showTitle(view.code), view, comparison });
    },
  );

  return router;
}
