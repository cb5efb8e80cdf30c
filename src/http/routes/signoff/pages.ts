import { Router, type Request, type RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { acceptCorrection, requestConfirmation, resendRequest, revokeRequest } from '../../../domain/signoff/signoff-service';
import { confirmationsOverview } from '../../../domain/signoff/applicant-confirmations';
import { answerRequest, openRequest, requestsForSupervisor, rowField, type AnswersInput, type SignoffAccess, type SupervisorView } from '../../../domain/signoff/supervisor-answers';
import { requireRole } from '../../middleware/auth';
import { formPage } from '../../middleware/validate';
import { idempotent } from '../../middleware/idempotency';
import { byIp, rateLimit } from '../../middleware/rate-limit';
import { formatHours, formatIsoDate, isoDay } from '../../../domain/dates';
import { parseHours } from '../../../domain/import/parse-values';
import { confirmationsPage } from './confirmations-presenter';

const messages = {
  requested: (name: string, delivers: boolean) =>
    delivers
      ? `We have emailed ${name} a link to confirm these records.`
      : `The email to ${name} with a link to confirm these records is in the outbox: this instance sends no mail, so an administrator passes it on (Admin → Outbox).`,
  resent: (delivers: boolean) =>
    delivers ? 'A new link has been sent; the previous one no longer works.' : 'A new link is in the outbox for an administrator to pass on (this instance sends no mail); the previous one no longer works.',
  revoked: 'The request has been revoked: its link no longer works.',
  accepted: 'The correction has been applied to the record, which now counts as confirmed.',
};

/** What the supervisor's page shows of a request, whether it is shown or re-shown with a form's errors. */
const supervisorPage = (view: SupervisorView, actionBase: string) => ({
  title: `Confirm supervision for ${view.applicant}`,
  view,
  actionBase,
  expiresText: formatIsoDate(isoDay(view.request.expiresAt)),
  formatIsoDate,
  formatHours,
});

const meta = (req: Request) => ({ ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 300) ?? null });

/**
 * The page's one form as the service takes it: the sessions it showed (`records`), and per
 * session its answer fields, named with the record's id ("1:30" and "1,5" are hours too).
 */
function answersInput(body: Record<string, unknown>): AnswersInput {
  const text = (key: string) => (typeof body[key] === 'string' && (body[key] as string).trim() !== '' ? (body[key] as string).trim() : undefined);
  const hoursOf = (raw: string | undefined) => {
    const hours = raw === undefined ? undefined : parseHours(raw);
    return hours === undefined ? undefined : typeof hours === 'number' ? hours : Number.NaN;
  };
  // A record id that is not a whole number cannot be one of the request's: refused like a foreign id.
  const recordIds = ([] as unknown[]).concat(body.records ?? []).map((id) => (typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : -1));
  return {
    fullName: text('fullName'),
    declaration: body.declaration === 'true' || body.declaration === 'on',
    rows: recordIds.map((recordId) => {
      const action = body[rowField('action', recordId)];
      return {
        recordId,
        // The page always sends one of the three: anything else is never read as a confirmation.
        action: action === 'confirm' || action === 'decline' || action === 'correct' ? action : undefined,
        reason: text(rowField('reason', recordId)),
        proposedDate: text(rowField('proposedDate', recordId)),
        proposedHours: hoursOf(text(rowField('proposedHours', recordId))),
        // Always checked from the page: a post without it is treated as made about other content.
        seenHash: text(`seen-${recordId}`) ?? '',
      };
    }),
  };
}

/** Applicant: ask supervisors, follow requests; supervisor: answer from the link or the account. */
export function signoffRoutes(deps: AppDeps): Router {
  const router = Router();

  // ---- the applicant ---------------------------------------------------------------------
  router.use(['/supervision/confirmations', '/supervision/corrections'], requireRole('applicant'));

  const confirmationsView = async (req: Request) => confirmationsPage(await confirmationsOverview(deps, req.user!.id), deps.clock.now());

  router.get('/supervision/confirmations', async (req, res) => res.render('signoff/confirmations', await confirmationsView(req)));

  router.post('/supervision/confirmations', formPage('signoff/confirmations', confirmationsView), idempotent(deps), async (req, res) => {
    const ids = ([] as unknown[])
      .concat(req.body.records ?? [])
      .map(Number)
      .filter((id) => Number.isSafeInteger(id) && id > 0);
    const request = await requestConfirmation(deps, req.user!.id, ids);
    req.session.flash = messages.requested(request.supervisorName, deps.mailer.delivers);
    res.redirect(303, '/supervision/confirmations');
  });

  router.post('/supervision/confirmations/:id/resend', formPage('signoff/confirmations', confirmationsView), async (req, res) => {
    await resendRequest(deps, req.user!.id, idParam(req, 'id'));
    req.session.flash = messages.resent(deps.mailer.delivers);
    res.redirect(303, '/supervision/confirmations');
  });

  router.post('/supervision/confirmations/:id/revoke', formPage('signoff/confirmations', confirmationsView), async (req, res) => {
    await revokeRequest(deps, req.user!.id, idParam(req, 'id'));
    req.session.flash = messages.revoked;
    res.redirect(303, '/supervision/confirmations');
  });

  router.post('/supervision/corrections/:id/accept', formPage('signoff/confirmations', confirmationsView), async (req, res) => {
    await acceptCorrection(deps, req.user!.id, idParam(req, 'id'));
    req.session.flash = messages.accepted;
    res.redirect(303, '/supervision/confirmations');
  });

  // ---- the supervisor ---------------------------------------------------------------------
  // Guessing tokens is hopeless (256 bits), but it is also limited per address.
  const limitLinks = rateLimit(deps.rateLimiter, [{ name: 'signoff-ip', rule: { points: 120, windowSeconds: 15 * 60 }, key: byIp }]);

  const supervisorView =
    (access: (req: Request) => SignoffAccess, actionBase: (req: Request) => string): RequestHandler =>
    async (req, res) => {
      const view = await openRequest(deps, access(req), meta(req));
      res.render('signoff/supervisor', { ...supervisorPage(view, actionBase(req)), justAnswered: req.query.answered === '1' });
    };

  // One post answers every session shown; an error re-shows the whole page with every row's input.
  const answer = (access: (req: Request) => SignoffAccess, back: (req: Request) => string): RequestHandler[] => [
    formPage('signoff/supervisor', async (req) => supervisorPage(await openRequest(deps, access(req), null), back(req))),
    async (req, res) => {
      await answerRequest(deps, access(req), answersInput(req.body as Record<string, unknown>), meta(req));
      res.redirect(303, `${back(req)}?answered=1`);
    },
  ];

  const byToken = (req: Request): SignoffAccess => ({ token: String(req.params.token) });
  const tokenBase = (req: Request) => `/confirm/${String(req.params.token)}`;
  router.get('/confirm/:token', limitLinks, supervisorView(byToken, tokenBase));
  router.post('/confirm/:token', limitLinks, ...answer(byToken, tokenBase));

  router.use('/requests', requireRole('supervisor'));
  // Anyone can register with a supervisor's address: the requests sent there are shown only
  // once the account has proved it receives that address's mail (the emailed link needs no account).
  router.use('/requests', (req, res, next) => {
    if (req.user!.emailVerifiedAt) return next();
    res.status(req.path === '/' ? 200 : 403).render('signoff/requests-unconfirmed', { title: 'Confirmation requests' });
  });
  router.get('/requests', async (req, res) => {
    const items = await requestsForSupervisor(deps, req.user!.email);
    res.render('signoff/requests', { title: 'Confirmation requests', items, formatIsoDate, isoDay });
  });
  const byAccount = (req: Request): SignoffAccess => ({ requestId: idParam(req, 'id'), supervisorEmail: req.user!.email });
  const accountBase = (req: Request) => `/requests/${idParam(req, 'id')}`;
  router.get('/requests/:id', supervisorView(byAccount, accountBase));
  router.post('/requests/:id', ...answer(byAccount, accountBase));

  return router;
}
