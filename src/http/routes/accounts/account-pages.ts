import { Router, type Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../domain/accounts/api-token-service';
import { apiTokenForm, changeEmailForm, deleteAccountForm, type ApiTokenInput, type ChangeEmailInput, type DeleteAccountInput } from './account-forms';
import { emailVerificationFor, requestEmailChange, resendEmailVerification, verifyEmail } from '../../../domain/accounts/email-verification-service';
import { rateLimit } from '../../middleware/rate-limit';
import { deleteAccount } from '../../../domain/accounts/account-deletion-service';
import { form, formPage } from '../../middleware/validate';
import { requireUser, signOut } from '../../middleware/auth';
import { ROLE_LABELS } from '../../../domain/accounts/roles';
import { idParam } from '../../params';

const messages = {
  revoked: 'The token has been revoked. Scripts using it can no longer reach the API.',
  verified: 'Your email address is confirmed.',
  linkSent: (email: string) => `We have sent a new link to ${email}. Open it to confirm the address.`,
  changeSent: (email: string) => `We have sent a link to ${email}. Your address changes when you open it; until then it stays as it is.`,
  tooManyLinks: 'You have asked for several links in the last hour. Use the newest one, or wait an hour.',
};

/** The account menu: overview, email address, API tokens (password change lives with the password routes). */
export function accountRoutes(deps: AppDeps): Router {
  const router = Router();

  // The link in a confirmation email: it works signed in or not (the token is the proof). Opening
  // it shows a button; pressing it proves the address (no GET changes anything).
  const invalidLink = (res: Response) => res.status(410).render('account/verify-invalid', { title: 'This link no longer works' });
  router.get('/account/verify/:token', async (req, res) => {
    const verification = await emailVerificationFor(deps, String(req.params.token));
    if (!verification) return invalidLink(res);
    res.render('account/verify', { title: 'Confirm your email address', email: verification.email });
  });
  router.post('/account/verify/:token', async (req, res) => {
    const result = await verifyEmail(deps, String(req.params.token));
    if (result.outcome === 'invalid') return invalidLink(res);
    if (req.user?.id !== result.userId) return res.redirect(303, '/login?verified=1');
    req.session.flash = messages.verified;
    res.redirect(303, '/account');
  });

  router.use('/account', requireUser);

  router.get('/account', (_req, res) => res.render('account/index', { title: 'Your account', roleLabels: ROLE_LABELS }));

  const limitLinks = rateLimit(deps.rateLimiter, [{ name: 'verification-account', rule: deps.rateLimits.verificationPerAccount, key: (req) => String(req.user!.id) }], messages.tooManyLinks);
  router.post(
    '/account/verification',
    formPage('account/index', () => ({ title: 'Your account', roleLabels: ROLE_LABELS })),
    limitLinks,
    async (req, res) => {
      await resendEmailVerification(deps, req.user!);
      req.session.flash = messages.linkSent(req.user!.email);
      res.redirect(303, '/account');
    },
  );

  const emailView = () => ({ title: 'Change your email address' });
  router.get('/account/email', (_req, res) => res.render('account/email', emailView()));
  router.post('/account/email', form('account/email', changeEmailForm, emailView), limitLinks, async (req, res) => {
    const input = req.body as ChangeEmailInput;
    await requestEmailChange(deps, req.user!.id, input);
    req.session.flash = messages.changeSent(input.newEmail.trim().toLowerCase());
    res.redirect(303, '/account');
  });

  const tokensView = async (req: { user?: { id: number } }) => ({ title: 'API tokens', tokens: await listApiTokens(deps, req.user!.id) });

  router.get('/account/tokens', async (req, res) => res.render('account/tokens', await tokensView(req)));

  router.post('/account/tokens', form('account/tokens', apiTokenForm, tokensView), async (req, res) => {
    const { token, record } = await createApiToken(deps, req.user!.id, (req.body as ApiTokenInput).name);
    // Shown once, on this response only; never stored or redirected with.
    res.status(201).render('account/tokens', { ...(await tokensView(req)), newToken: token, newTokenName: record.name });
  });

  const deleteView = () => ({ title: 'Delete your account' });
  router.get('/account/delete', (_req, res) => res.render('account/delete', deleteView()));

  router.post('/account/delete', form('account/delete', deleteAccountForm, deleteView), async (req, res) => {
    const input = req.body as DeleteAccountInput;
    await deleteAccount(deps, req.user!.id, { password: input.password, confirm: input.confirm === true });
    await signOut(req, res);
    res.redirect(303, '/login?deleted=1');
  });

  router.post('/account/tokens/:id/revoke', async (req, res) => {
    await revokeApiToken(deps, req.user!.id, idParam(req));
    req.session.flash = messages.revoked;
    res.redirect(303, '/account/tokens');
  });

  return router;
}
