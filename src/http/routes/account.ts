import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { createApiToken, listApiTokens, revokeApiToken } from '../../domain/accounts/api-token-service';
import { apiTokenForm, deleteAccountForm, type ApiTokenInput, type DeleteAccountInput } from '../forms/account-forms';
import { deleteAccount } from '../../domain/accounts/account-deletion-service';
import { form } from '../middleware/validate';
import { requireUser, signOut } from '../middleware/auth';
import { ROLE_LABELS } from '../../domain/accounts/roles';
import { idParam } from '../params';

const messages = {
  revoked: 'The token has been revoked. Scripts using it can no longer reach the API.',
};

/** The account menu: overview, API tokens (password change lives with the password routes). */
export function accountRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/account', requireUser);

  router.get('/account', (_req, res) => res.render('account/index', { title: 'Your account', roleLabels: ROLE_LABELS }));

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
