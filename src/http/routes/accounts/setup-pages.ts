import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps';
import { createFirstAdmin, isSetUp, refuseIfSetUp } from '../../../domain/accounts/account-service';
import { firstAdminForm, type FirstAdminInput } from './account-forms';
import { form } from '../../middleware/validate';
import { checkBeforeBody, signIn } from '../../middleware/auth';

const messages = {
  ready: 'Your administrator account is ready. Next, invite applicants to register, or grant roles on the Users page.',
  readyWithPortfolio: 'Your account is ready: you administer this instance and keep your own portfolio. Begin with your portfolio settings, then log your practice.',
};

/**
 * Until the first administrator exists every page leads to /setup. Once set up, an instance
 * stays set up (the last admin cannot be removed), so the answer is cached.
 */
export function requireSetUp(deps: AppDeps): RequestHandler {
  let setUp = false;
  return async (req, res, next) => {
    if (setUp || req.path === '/setup') return next();
    setUp = await isSetUp(deps);
    if (setUp) return next();
    if (req.path.startsWith('/api/')) return next(); // no user exists, so no token either: 401 follows
    res.redirect(303, '/setup');
  };
}

export function setupRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/setup', async (_req, res) => {
    if (await isSetUp(deps)) return res.redirect(303, '/login');
    // Most people install the app for their own practice: keeping a portfolio is ticked at first.
    res.render('auth/setup', { title: 'Create the administrator', values: { ownPortfolio: 'yes' } });
  });

  // Once set up, the form is refused whatever it holds (never field errors on a page that is gone).
  router.post(
    '/setup',
    checkBeforeBody(() => refuseIfSetUp(deps)),
    form('auth/setup', firstAdminForm, () => ({ title: 'Create the administrator' })),
    async (req, res) => {
      const input = req.body as FirstAdminInput;
      const user = await createFirstAdmin(deps, { name: input.name, email: input.email, password: input.password, ownPortfolio: input.ownPortfolio === 'yes' });
      await signIn(req, user);
      req.session.flash = input.ownPortfolio === 'yes' ? messages.readyWithPortfolio : messages.ready;
      res.redirect(303, '/');
    },
  );

  return router;
}
