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

    await submitForm(agent, '/admin/users', { role: 'admin', granted: 'true' }, `/admin/users/${ana.id}/roles`);
    const removed = await submitForm(agent, '/admin/users', { role: 'admin', granted: 'false' }, `/admin/users/${admin.id}/roles`);
    expect(removed.status).toBe(303);
    expect((await userRepository.findById(testDb.current.db, admin.id))!.roles).toEqual([]);
    // The former admin has lost access at once.
    expect((await agent.get('/admin/users')).status).toBe(403);
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
