import { Router, type Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { requestPasswordReset, resetLinkState, resetPassword } from '../../../domain/accounts/password-reset-service';
import { changePassword } from '../../../domain/accounts/account-service';
import { changePasswordForm, forgotPasswordForm, resetPasswordForm, type ChangePasswordInput, type ForgotPasswordInput, type ResetPasswordInput } from './account-forms';
import { form } from '../../middleware/validate';
import { requireUser, signIn } from '../../middleware/auth';
import { byEmailField, byIp, rateLimit } from '../../middleware/rate-limit';

const messages = {
  linkSent: 'If an account uses that address, we have sent it a link to choose a new password. The link works once, for one hour. Check your spam folder if it does not arrive.',
  tooMany: 'Too many reset requests. Wait an hour before asking again, or check your inbox for the link we already sent.',
  passwordChanged: 'Your password has been changed. Other sessions have been signed out.',
};

export function passwordRoutes(deps: AppDeps): Router {
  const router = Router();
  const limitReset = rateLimit(
    deps.rateLimiter,
    [
      { name: 'reset-ip', rule: deps.rateLimits.resetPerIp, key: byIp },
      { name: 'reset-account', rule: deps.rateLimits.resetPerAccount, key: byEmailField },
    ],
    messages.tooMany,
  );

  router.get('/password/forgot', (_req, res) => res.render('auth/forgot', { title: 'Forgotten password' }));

  router.post(
    '/password/forgot',
    form('auth/forgot', forgotPasswordForm, () => ({ title: 'Forgotten password' })),
    limitReset,
    async (req, res) => {
      await requestPasswordReset(deps, (req.body as ForgotPasswordInput).email);
      res.render('auth/forgot-sent', { title: 'Check your email', message: messages.linkSent });
    },
  );

  const resetView = (req: Request) => ({ title: 'Choose a new password', token: String(req.params.token) });

  router.get('/password/reset/:token', async (req, res) => {
    const state = await resetLinkState(deps, req.params.token);
    if (state === 'invalid') return res.status(410).render('auth/reset-invalid', { title: 'This link no longer works' });
    res.render('auth/reset', resetView(req));
  });

  router.post('/password/reset/:token', form('auth/reset', resetPasswordForm, resetView), async (req, res) => {
    const outcome = await resetPassword(deps, String(req.params.token), (req.body as ResetPasswordInput).password);
    if (outcome === 'invalid') return res.status(410).render('auth/reset-invalid', { title: 'This link no longer works' });
    res.redirect(303, '/login?reset=1');
  });

  router.get('/account/password', requireUser, (_req, res) => res.render('account/password', { title: 'Change your password' }));

  router.post(
    '/account/password',
    requireUser,
    form('account/password', changePasswordForm, () => ({ title: 'Change your password' })),
    async (req, res) => {
      const user = await changePassword(deps, req.user!.id, req.body as ChangePasswordInput);
      await signIn(req, user);
      req.session.flash = messages.passwordChanged;
      res.redirect(303, '/account');
    },
  );

  return router;
}

export { messages as passwordMessages };
