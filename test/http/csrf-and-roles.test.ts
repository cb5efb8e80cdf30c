import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { userRepository, type User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
let t: TestApp;
let admin: User;
let ana: User;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  admin = await makeUser(t.deps, ['admin'], { email: 'admin@example.org', name: 'Ada Admin' });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
});

describe('CSRF', () => {
  test('a form posted without its token is refused with a page that says to reload', async () => {
    const agent = t.agent();
    await agent.get('/login');
    const response = await agent.post('/login').type('form').send({ email: ana.email, password: 'whatever at all' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('Reload the page and try again');
  });

  test('a token from another session is refused and nothing changes', async () => {
    const attacker = t.agent();
    const attackerPage = await attacker.get('/login');
    const victim = t.agent();
    await signInAs(victim, admin);
    const forged = await victim
      .post('/admin/registration')
      .type('form')
      .send({ _csrf: csrfTokenIn(attackerPage.text), open: 'false' });
    expect(forged.status).toBe(403);
    expect(await testDb.current.db('settings').where('key', 'registrationOpen').first()).toBeUndefined();
  });
});

describe('role guard', () => {
  test('an applicant gets 403 on every admin page', async () => {
    const agent = t.agent();
    await signInAs(agent, ana);
    for (const path of ['/admin/users', '/admin/outbox', '/admin/audit']) {
      const response = await agent.get(path);
      expect(response.status).toBe(403);
      expect(response.text).toContain('You do not have access to this page');
    }
    const page = await agent.get('/');
    const post = await agent
      .post(`/admin/users/${ana.id}/roles`)
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), role: 'admin', granted: 'true' });
    expect(post.status).toBe(403);
    expect((await userRepository.findById(testDb.current.db, ana.id))!.roles).toEqual(['applicant']);
  });

  test('anonymous visitors are sent to sign in', async () => {
    const response = await t.agent().get('/admin/users');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login?next=%2Fadmin%2Fusers');
  });

  test('the admin navigation is shown to admins only', async () => {
    const applicant = t.agent();
    await signInAs(applicant, ana);
    expect((await applicant.get('/')).text).not.toContain('href="/admin/users"');
    const adminAgent = t.agent();
    await signInAs(adminAgent, admin);
    expect((await adminAgent.get('/')).text).toContain('href="/admin/users"');
  });
});

describe('admin users page', () => {
  test('lists users with their roles, grants and revokes the assessor role, and audits it', async () => {
    const agent = t.agent();
    await signInAs(agent, admin);
    const page = await agent.get('/admin/users');
    expect(page.text).toContain('ana@example.org');
    expect(page.text).toContain('Grant assessor<span class="visually-hidden"> for Ana Kowalska');

    const granted = await submitForm(agent, '/admin/users', { role: 'assessor', granted: 'true' }, `/admin/users/${ana.id}/roles`);
    expect(granted.status).toBe(303);
    expect((await userRepository.findById(testDb.current.db, ana.id))!.roles).toEqual(['applicant', 'assessor']);
    expect((await agent.get('/admin/users')).text).toContain('Ana Kowalska is now a assessor.'.replace('a assessor', 'a assessor'));

    await submitForm(agent, '/admin/users', { role: 'assessor', granted: 'false' }, `/admin/users/${ana.id}/roles`);
    expect((await userRepository.findById(testDb.current.db, ana.id))!.roles).toEqual(['applicant']);

    const audit = await testDb.current.db('audit_events').select('action', 'actor_id', 'entity_id').whereIn('action', ['role.granted', 'role.revoked']).orderBy('id');
    expect(audit).toEqual([
      { action: 'role.granted', actor_id: admin.id, entity_id: String(ana.id) },
      { action: 'role.revoked', actor_id: admin.id, entity_id: String(ana.id) },
    ]);
    expect((await agent.get('/admin/audit')).text).toContain('role.granted');
  });

  test('the last administrator cannot be removed, a second one then can', async () => {
    const agent = t.agent();
    await signInAs(agent, admin);
    const refused = await submitForm(agent, '/admin/users', { role: 'admin', granted: 'false' }, `/admin/users/${admin.id}/roles`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('This is the last administrator');
    expect((await userRepository.findById(testDb.current.db, admin.id))!.roles).toContain('admin');

    expect((await submitForm(agent, `/admin/users/${ana.id}/admin`, {})).status).toBe(303);
    const removed = await submitForm(agent, '/admin/users', { role: 'admin', granted: 'false' }, `/admin/users/${admin.id}/roles`);
    expect(removed.status).toBe(303);
    expect((await userRepository.findById(testDb.current.db, admin.id))!.roles).toEqual([]);
    // The former admin has lost access at once.
    expect((await agent.get('/admin/users')).status).toBe(403);
  });

  test('“Grant administrator” is a quiet link to a confirmation page; only its button makes the administrator', async () => {
    const agent = t.agent();
    await signInAs(agent, admin);
    const users = (await agent.get('/admin/users')).text;
    // Secondary, not a one-click form; revoking is styled as destructive.
    expect(users).toContain(`<a class="button button--secondary button--small" href="/admin/users/${ana.id}/admin">Grant administrator<span class="visually-hidden"> for Ana Kowalska</span>…</a>`);
    expect(users).toMatch(/class="button button--destructive button--small">Revoke applicant<span class="visually-hidden"> for Ana Kowalska/);
    expect(users).not.toMatch(/name="role" value="admin">\s*<input type="hidden" name="granted" value="true">/);

    // The roles form alone does not grant it: it leads to the confirmation page.
    const shortcut = await submitForm(agent, '/admin/users', { role: 'admin', granted: 'true' }, `/admin/users/${ana.id}/roles`);
    expect(shortcut.status).toBe(303);
    expect(shortcut.headers.location).toBe(`/admin/users/${ana.id}/admin`);
    expect((await userRepository.findById(testDb.current.db, ana.id))!.roles).toEqual(['applicant']);

    // The confirmation page, without JavaScript: a question, what it means, and a POST button.
    const question = await agent.get(`/admin/users/${ana.id}/admin`);
    expect(question.status).toBe(200);
    expect(question.text).toContain('<h1>Make Ana Kowalska an administrator?</h1>');
    expect(question.text).toMatch(new RegExp(`<form method="post" action="/admin/users/${ana.id}/admin">`));
    expect(question.text).toContain('<button type="submit" class="button">Make Ana Kowalska an administrator</button>');
    expect((await userRepository.findById(testDb.current.db, ana.id))!.roles).toEqual(['applicant']);

    const confirmed = await submitForm(agent, `/admin/users/${ana.id}/admin`, {});
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe('/admin/users');
    expect((await userRepository.findById(testDb.current.db, ana.id))!.roles).toEqual(['admin', 'applicant']);
    expect((await agent.get('/admin/users')).text).toContain('Ana Kowalska is now an administrator.');
    const audit = await testDb.current.db('audit_events').where('action', 'role.granted').select('actor_id', 'entity_id', 'details');
    expect(audit).toEqual([{ actor_id: admin.id, entity_id: String(ana.id), details: { role: 'admin' } }]);
    // Asked again, the page says so and offers no button.
    const again = await agent.get(`/admin/users/${ana.id}/admin`);
    expect(again.text).toContain('Ana Kowalska is an administrator');
    expect(again.text).not.toContain('an administrator</button>');
    expect((await agent.get('/admin/users/99999/admin')).status).toBe(404);
  });

  test('an unknown role or user id is refused', async () => {
    const agent = t.agent();
    await signInAs(agent, admin);
    const badRole = await submitForm(agent, '/admin/users', { role: 'owner', granted: 'true' }, `/admin/users/${ana.id}/roles`);
    expect(badRole.status).toBe(422);
    expect(badRole.text).toContain('Choose one of the roles listed.');
    const noUser = await submitForm(agent, '/admin/users', { role: 'assessor', granted: 'true' }, '/admin/users/99999/roles');
    expect(noUser.status).toBe(404);
  });
});
