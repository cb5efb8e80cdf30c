import { Router, type Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { findMail, findUser, latestAuditEvents, latestMail, listUsers, registrationOpen, setRegistrationOpen, setRole } from '../../../domain/accounts/admin-service';
import { registrationForm, roleChangeForm, type RegistrationInput, type RoleChangeInput } from './admin-forms';
import { form, formPage } from '../../middleware/validate';
import { requireRole } from '../../middleware/auth';
import { ROLES, ROLE_LABELS } from '../../../domain/accounts/roles';
import { notFound } from '../../../errors';

const messages = {
  granted: (role: string, name: string) => `${name} is now ${role === 'admin' ? 'an' : 'a'} ${ROLE_LABELS[role as keyof typeof ROLE_LABELS].toLowerCase()}.`,
  revoked: (role: string, name: string) => `${name} is no longer ${role === 'admin' ? 'an' : 'a'} ${ROLE_LABELS[role as keyof typeof ROLE_LABELS].toLowerCase()}.`,
  registration: (open: boolean) => (open ? 'Registration is open: anyone can create an applicant or supervisor account.' : 'Registration is closed: only administrators can create accounts.'),
};

/** Administration: users and roles, registration, the outbox and the audit log. */
export function adminRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/admin', requireRole('admin'));

  const usersView = async () => ({
    title: 'Users',
    users: await listUsers(deps),
    roles: ROLES,
    roleLabels: ROLE_LABELS,
    registrationOpen: await registrationOpen(deps),
  });

  router.get('/admin/users', async (_req, res) => res.render('admin/users', await usersView()));

  router.post('/admin/users/:id/roles', form('admin/users', roleChangeForm, usersView), async (req, res) => {
    const userId = idParam(req);
    const { role, granted } = req.body as RoleChangeInput;
    // An administrator can do everything: that grant is made only from its confirmation page.
    if (role === 'admin' && granted) return res.redirect(303, `/admin/users/${userId}/admin`);
    await setRole(deps, req.user!.id, userId, role, granted);
    const user = (await listUsers(deps)).find((u) => u.id === userId);
    req.session.flash = (granted ? messages.granted : messages.revoked)(role, user?.name ?? 'The user');
    res.redirect(303, '/admin/users');
  });

  // Making someone an administrator is asked once more on a page of its own (a GET shows it, a POST does it).
  const grantAdminView = async (req: Request) => {
    const user = await findUser(deps, idParam(req));
    if (!user) throw notFound();
    return { title: user.roles.includes('admin') ? `${user.name} is an administrator` : `Make ${user.name} an administrator?`, user };
  };

  router.get('/admin/users/:id/admin', async (req, res) => res.render('admin/grant-admin', await grantAdminView(req)));

  router.post('/admin/users/:id/admin', formPage('admin/grant-admin', grantAdminView), async (req, res) => {
    const { user } = await grantAdminView(req);
    await setRole(deps, req.user!.id, user.id, 'admin', true);
    req.session.flash = messages.granted('admin', user.name);
    res.redirect(303, '/admin/users');
  });

  router.post('/admin/registration', form('admin/users', registrationForm, usersView), async (req, res) => {
    const { open } = req.body as RegistrationInput;
    await setRegistrationOpen(deps, req.user!.id, open);
    req.session.flash = messages.registration(open);
    res.redirect(303, '/admin/users');
  });

  router.get('/admin/outbox', async (_req, res) => res.render('admin/outbox', { title: 'Outbox', messages: await latestMail(deps, 200), delivers: deps.mailer.delivers }));

  router.get('/admin/outbox/:id', async (req, res) => {
    const message = await findMail(deps, idParam(req));
    if (!message) throw notFound();
    res.render('admin/outbox-message', { title: message.subject, message });
  });

  router.get('/admin/audit', async (_req, res) => res.render('admin/audit', { title: 'Audit log', events: await latestAuditEvents(deps, 200), users: await listUsers(deps) }));

  return router;
}
