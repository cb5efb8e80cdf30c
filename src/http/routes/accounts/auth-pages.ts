import { Router } from 'express';
import type { AppDeps } from '../../app-deps';
import { authenticate, register } from '../../../domain/accounts/account-service';
import { registrationOpen } from '../../../domain/accounts/admin-service';
import { loginForm, registerForm, type LoginInput, type RegisterInput } from './account-forms';
import { form } from '../../middleware/validate';
import { signIn, signOut } from '../../middleware/auth';
import { byEmailAndIp, byIp, rateLimit } from '../../middleware/rate-limit';
import { validationError } from '../../../errors';

const messages = {
  badCredentials: 'The email address or password is not right. Check both, or reset your password.',
  tooManyAttempts: 'Too many sign-in attempts. For your security, wait 15 minutes before trying again, or reset your password.',
  signedOut: 'You have signed out.',
  passwordReset: 'Your password has been changed. Sign in with your new password.',
  deleted: 'Your account and everything in it have been deleted.',
  verified: 'Your email address is confirmed. Sign in to continue.',
  tooManyRegistrations: 'Too many accounts have been asked for from your network in a short time. Please wait an hour and try again.',
};

/** Only paths on this site are followed after sign-in (no open redirect). */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/');

export function authRoutes(deps: AppDeps): Router {
  const router = Router();
  const loginView = (req: { query: Record<string, unknown> }) => ({
    title: 'Sign in',
    next: safeNext(req.query.next),
    notice: req.query.signedOut ? messages.signedOut : req.query.reset ? messages.passwordReset : req.query.deleted ? messages.deleted : req.query.verified ? messages.verified : undefined,
  });
  const registerView = async () => ({ title: 'Create your account', registrationOpen: await registrationOpen(deps) });
  // Failed attempts only, per address and per account-and-address pair (see rate-limit.ts).
  const limitLogin = rateLimit(
    deps.rateLimiter,
    [
      { name: 'login-ip', rule: deps.rateLimits.loginPerIp, key: byIp },
      { name: 'login-account-ip', rule: deps.rateLimits.loginPerAccount, key: byEmailAndIp },
    ],
    messages.tooManyAttempts,
    { failuresOnly: true },
  );

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, safeNext(req.query.next));
    res.render('auth/login', loginView(req));
  });

  router.post('/login', form('auth/login', loginForm, loginView), limitLogin, async (req, res) => {
    const { email, password } = req.body as LoginInput;
    const user = await authenticate(deps, email, password);
    if (!user) throw validationError({}, messages.badCredentials);
    await signIn(req, user);
    res.redirect(303, safeNext(req.query.next));
  });

  router.post('/logout', async (req, res) => {
    await signOut(req, res);
    res.redirect(303, '/login?signedOut=1');
  });

  router.get('/register', async (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('auth/register', { ...(await registerView()), values: { role: 'applicant' } });
  });

  const limitRegister = rateLimit(deps.rateLimiter, [{ name: 'register-ip', rule: deps.rateLimits.registerPerIp, key: byIp }], messages.tooManyRegistrations);
  router.post('/register', form('auth/register', registerForm, registerView), limitRegister, async (req, res) => {
    const input = req.body as RegisterInput;
    await register(deps, input);
    // The same page whether the address had an account or not.
    res.render('auth/registered', { title: 'Check your email', email: input.email.trim().toLowerCase() });
  });

  return router;
}

export { messages as authMessages };
