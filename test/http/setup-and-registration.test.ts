import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { fieldError, submitForm } from '../support/forms';
import { GOOD_PASSWORD, makeUser, signInAs } from '../support/factories';
import { userRepository } from '../../src/db/repositories/user-repository';
import { setRegistrationOpen } from '../../src/domain/accounts/admin-service';
import { lastMailTo } from '../support/outbox';

const testDb = useTestDb();
let t: TestApp;

beforeEach(() => {
  t = createTestApp({ db: testDb.current.db });
});

describe('first run', () => {
  test('a fresh instance sends every page to the administrator form', async () => {
    const home = await t.agent().get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/setup');
    const login = await t.agent().get('/login');
    expect(login.headers.location).toBe('/setup');
    const setup = await t.agent().get('/setup');
    expect(setup.text).toContain('Create the administrator');
  });

  test('creating the administrator signs them in with the admin role, once only', async () => {
    const agent = t.agent();
    const created = await submitForm(agent, '/setup', { name: 'Jūratė Žemaitė', email: 'Admin@Example.org ', password: GOOD_PASSWORD });
    expect(created.status).toBe(303);
    const user = await userRepository.findByEmailWithSecret(testDb.current.db, 'admin@example.org');
    expect(user?.roles).toEqual(['admin']);
    expect(user?.name).toBe('Jūratė Žemaitė');
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const dashboard = await agent.get('/');
    expect(dashboard.text).toContain('Welcome, Jūratė Žemaitė');

    const again = await submitForm(t.agent(), '/login', { name: 'Mallory', email: 'x@example.org', password: GOOD_PASSWORD }, '/setup');
    expect(again.status).toBe(409);
    expect(again.text).toContain('already has an administrator');
    const second = await t.agent().get('/setup');
    expect(second.headers.location).toBe('/login');
    expect(await userRepository.count(testDb.current.db)).toBe(1);
  });

  test('the form offers to keep one’s own portfolio, ticked at first', async () => {
    const setup = await t.agent().get('/setup');
    expect(setup.text).toContain('<input type="checkbox" id="field-ownPortfolio" name="ownPortfolio" value="yes" checked');
    expect(setup.text).toContain('I will also keep my own portfolio here');
  });

  test('with the box ticked, the administrator is also an applicant and reaches their own portfolio at once', async () => {
    const agent = t.agent();
    const created = await submitForm(agent, '/setup', { name: 'Ana Kowalska', email: 'ana@example.org', password: GOOD_PASSWORD, ownPortfolio: 'yes' });
    expect(created.status).toBe(303);
    const user = await userRepository.findByEmailWithSecret(testDb.current.db, 'ana@example.org');
    expect([...user!.roles].sort()).toEqual(['admin', 'applicant']);
    const dashboard = await agent.get('/');
    expect(dashboard.text).toContain('you administer this instance and keep your own portfolio');
    const practice = await agent.get('/practice');
    expect(practice.status).toBe(200);
    expect(practice.text).toContain('Client practice log');
    expect((await agent.get('/admin/users')).status).toBe(200);
  });

  test('with the box left empty, the administrator has no portfolio (as before)', async () => {
    const agent = t.agent();
    await submitForm(agent, '/setup', { name: 'Avery Admin', email: 'avery@example.org', password: GOOD_PASSWORD });
    const user = await userRepository.findByEmailWithSecret(testDb.current.db, 'avery@example.org');
    expect(user?.roles).toEqual(['admin']);
    expect((await agent.get('/')).text).toContain('invite applicants to register');
    expect((await agent.get('/practice')).status).toBe(403);
  });

  test('a form sent back with errors keeps the box as it was sent', async () => {
    const unticked = await submitForm(t.agent(), '/setup', { name: 'Admin', email: 'not-an-address', password: GOOD_PASSWORD });
    expect(unticked.status).toBe(422);
    expect(unticked.text).toMatch(/<input type="checkbox" id="field-ownPortfolio" name="ownPortfolio" value="yes" aria-describedby/);
    const ticked = await submitForm(t.agent(), '/setup', { name: 'Admin', email: 'not-an-address', password: GOOD_PASSWORD, ownPortfolio: 'yes' });
    expect(ticked.text).toContain('name="ownPortfolio" value="yes" checked');
  });

  test('a weak administrator password is refused with the reason and the input kept', async () => {
    const response = await submitForm(t.agent(), '/setup', { name: 'Admin', email: 'admin@example.org', password: 'password123' });
    expect(response.status).toBe(422);
    expect(fieldError(response.text, 'password')).toContain('commonly used passwords');
    expect(response.text).toContain('value="admin@example.org"');
    expect(response.text).not.toContain('password123');
    expect(await userRepository.count(testDb.current.db)).toBe(0);
  });
});

describe('registration', () => {
  beforeEach(async () => {
    await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
  });

  test('an applicant registers, is told to check their email, and signs in with the password chosen', async () => {
    const agent = t.agent();
    const response = await submitForm(agent, '/register', { name: 'Ana Kowalska', email: 'ana@example.org', password: GOOD_PASSWORD, role: 'applicant' });
    expect(response.status).toBe(200);
    expect(response.text).toContain('We have sent a message to <strong>ana@example.org</strong>.');
    const user = await userRepository.findByEmailWithSecret(testDb.current.db, 'ana@example.org');
    expect(user?.roles).toEqual(['applicant']);
    expect(user?.emailVerifiedAt).toBeNull();
    expect((await lastMailTo(testDb.current.db, 'ana@example.org'))!.subject).toBe('Confirm your email address for EIA Portfolio');
    await signInAs(agent, { email: 'ana@example.org' });
    expect((await agent.get('/')).text).toContain('Welcome, Ana Kowalska');
  });

  test('a supervisor may register, an assessor or admin may not', async () => {
    await submitForm(t.agent(), '/register', { name: 'Sam', email: 'sam@example.org', password: GOOD_PASSWORD, role: 'supervisor' });
    expect((await userRepository.findByEmailWithSecret(testDb.current.db, 'sam@example.org'))?.roles).toEqual(['supervisor']);
    const refused = await submitForm(t.agent(), '/register', { name: 'Eve', email: 'eve@example.org', password: GOOD_PASSWORD, role: 'admin' });
    expect(refused.status).toBe(422);
    expect(fieldError(refused.text, 'role')).toMatch(/applying for accreditation or supervising/);
    expect(await userRepository.findByEmailWithSecret(testDb.current.db, 'eve@example.org')).toBeUndefined();
  });

  test('missing and malformed fields each get a message beside the field', async () => {
    const response = await submitForm(t.agent(), '/register', { name: '', email: 'not-an-email', password: 'short', role: 'applicant' });
    expect(response.status).toBe(422);
    expect(fieldError(response.text, 'name')).toBe('Enter your full name.');
    expect(fieldError(response.text, 'email')).toMatch(/name@example.org/);
    expect(response.text).toContain('href="#field-email"');
    expect(response.text).toContain('value="not-an-email"');
  });

  test('a short password is refused with the minimum length', async () => {
    const response = await submitForm(t.agent(), '/register', { name: 'Ana', email: 'ana@example.org', password: 'short pw', role: 'applicant' });
    expect(fieldError(response.text, 'password')).toMatch(/at least 10 characters/);
  });

  test('an address that has an account gets the same answer as a new one; its owner is emailed, nothing changes', async () => {
    const owner = await makeUser(t.deps, ['applicant'], { email: 'taken@example.org', name: 'Tamar Owner' });
    const answers = [];
    for (const email of ['TAKEN@example.org', 'new@example.org']) {
      const response = await submitForm(t.agent(), '/register', { name: 'Mallory', email, password: GOOD_PASSWORD, role: 'supervisor' });
      answers.push({
        status: response.status,
        text: response.text
          .replace(/name="_csrf" value="[^"]+"/g, '')
          .replace(email.toLowerCase(), 'ADDRESS')
          .replace(/<meta name="csrf[^>]*>/g, ''),
      });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(200);
    const taken = await userRepository.findByEmailWithSecret(testDb.current.db, 'taken@example.org');
    expect(taken).toMatchObject({ id: owner.id, name: 'Tamar Owner', roles: ['applicant'] });
    const note = await lastMailTo(testDb.current.db, 'taken@example.org');
    expect(note!.subject).toBe('Someone tried to create an EIA Portfolio account with your address');
    expect(note!.text).toContain('http://eia.test/password/forgot');
  });

  test('registration is rate-limited per address', async () => {
    const limited = createTestApp({ db: testDb.current.db, rateLimits: { registerPerIp: { points: 2, windowSeconds: 3600 } } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await submitForm(limited.agent(), '/register', { name: 'Ana', email: `ana${i}@example.org`, password: GOOD_PASSWORD, role: 'applicant' })).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(await userRepository.findByEmailWithSecret(testDb.current.db, 'ana2@example.org')).toBeUndefined();
  });

  test('when an admin closes registration the form is gone and posts are refused', async () => {
    const admin = await makeUser(t.deps, ['admin']);
    const agent = t.agent();
    await signInAs(agent, admin);
    const closed = await submitForm(agent, '/admin/users', { open: 'false' }, '/admin/registration');
    expect(closed.status).toBe(303);

    const page = await t.agent().get('/register');
    expect(page.text).toContain('Registration is closed');
    expect(page.text).not.toContain('name="password"');

    const anonymous = t.agent();
    const login = await anonymous.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(login.text)![1]!;
    const refused = await anonymous.post('/register').type('form').send({ _csrf: token, name: 'Late', email: 'late@example.org', password: GOOD_PASSWORD, role: 'applicant' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Registration is closed');
    expect(await userRepository.findByEmailWithSecret(testDb.current.db, 'late@example.org')).toBeUndefined();

    await setRegistrationOpen(t.deps, admin.id, true);
    expect((await t.agent().get('/register')).text).toContain('name="password"');
  });
});
