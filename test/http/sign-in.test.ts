import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, submitForm } from '../support/forms';
import { GOOD_PASSWORD, makeUser, signInAs } from '../support/factories';
import { SESSION_COOKIE } from '../../src/http/middleware/session';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
let t: TestApp;
let ana: User;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db, rateLimits: { loginPerAccount: { points: 3, windowSeconds: 900 }, loginPerIp: { points: 6, windowSeconds: 900 } } });
  await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
});

const sessionCookie = (response: { headers: Record<string, unknown> }) => ([] as string[]).concat((response.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`));

test('signing in with the right password opens the dashboard, with a hardened cookie', async () => {
  const agent = t.agent();
  const response = await signInAs(agent, ana);
  expect(response.headers.location).toBe('/');
  const cookie = sessionCookie(response)!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).not.toMatch(/Secure/);
  expect((await agent.get('/')).text).toContain('Welcome, Ana Kowalska');
});

test('the cookie is Secure when BASE_URL is https', async () => {
  const secure = createTestApp({ db: testDb.current.db, env: { BASE_URL: 'https://eia.example.org', TRUST_PROXY: '1' } });
  const agent = secure.agent();
  const page = await agent.get('/login').set('X-Forwarded-Proto', 'https');
  expect(sessionCookie(page) ?? '').toMatch(/Secure/);
});

test('signing in regenerates the session id (no fixation)', async () => {
  const agent = t.agent();
  const page = await agent.get('/login');
  const before = sessionCookie(page)!.split(';')[0];
  const response = await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), email: ana.email, password: GOOD_PASSWORD });
  const after = sessionCookie(response)!.split(';')[0];
  expect(after).not.toBe(before);
});

test('a wrong password or unknown email gets the same generic message, input kept but not the password', async () => {
  const wrong = await submitForm(t.agent(), '/login', { email: ana.email, password: 'not my password' });
  const unknown = await submitForm(t.agent(), '/login', { email: 'nobody@example.org', password: 'not my password' });
  for (const response of [wrong, unknown]) {
    expect(response.status).toBe(422);
    expect(response.text).toContain('The email address or password is not right');
    expect(response.text).not.toContain('not my password');
  }
  expect(wrong.text).toContain(`value="${ana.email}"`);
});

test('after sign-in the user is sent back to the page they asked for, but never off-site', async () => {
  const asked = await t.agent().get('/account/tokens');
  expect(asked.headers.location).toBe('/login?next=%2Faccount%2Ftokens');
  const agent = t.agent();
  const page = await agent.get(asked.headers.location!);
  const back = await agent
    .post('/login?next=%2Faccount%2Ftokens')
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), email: ana.email, password: GOOD_PASSWORD });
  expect(back.headers.location).toBe('/account/tokens');
  const evil = t.agent();
  const evilPage = await evil.get('/login');
  const away = await evil
    .post('/login?next=%2F%2Fevil.example')
    .type('form')
    .send({ _csrf: csrfTokenIn(evilPage.text), email: ana.email, password: GOOD_PASSWORD });
  expect(away.headers.location).toBe('/');
});

test('signing out destroys the session row and the cookie no longer works', async () => {
  const agent = t.agent();
  await signInAs(agent, ana);
  const sessionsBefore = await testDb.current.db('sessions').count<{ count: number }[]>('* as count');
  const dashboard = await agent.get('/');
  const out = await agent
    .post('/logout')
    .type('form')
    .send({ _csrf: csrfTokenIn(dashboard.text) });
  expect(out.headers.location).toBe('/login?signedOut=1');
  const sessionsAfter = await testDb.current.db('sessions').count<{ count: number }[]>('* as count');
  expect(Number(sessionsAfter[0]!.count)).toBe(Number(sessionsBefore[0]!.count) - 1);
  expect((await agent.get('/')).headers.location).toBe('/login');
});

test('a session survives rebuilding the app on the same database', async () => {
  const agent = t.agent();
  const response = await signInAs(agent, ana);
  const cookie = sessionCookie(response)!.split(';')[0]!;
  const rebuilt = createTestApp({ db: testDb.current.reopen() });
  const page = await rebuilt.agent().get('/').set('Cookie', cookie);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Welcome, Ana Kowalska');
});

test('repeated failures for one account are rate-limited with a generic message, even with the right password', async () => {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    expect((await submitForm(t.agent(), '/login', { email: ana.email, password: 'wrong password!' })).status).toBe(422);
  }
  const limited = await submitForm(t.agent(), '/login', { email: ana.email, password: GOOD_PASSWORD });
  expect(limited.status).toBe(429);
  expect(limited.headers['retry-after']).toBeDefined();
  expect(limited.text).toContain('Too many sign-in attempts');
  // Another account from the same address is still allowed until the per-IP limit.
  expect((await submitForm(t.agent(), '/login', { email: 'admin@example.org', password: GOOD_PASSWORD })).status).toBe(303);
  // After the window, the account can sign in again.
  t.clock.advance(901_000);
  expect((await submitForm(t.agent(), '/login', { email: ana.email, password: GOOD_PASSWORD })).status).toBe(303);
});

test('many attempts from one address are rate-limited across accounts', async () => {
  for (let attempt = 0; attempt < 6; attempt += 1) {
    await submitForm(t.agent(), '/login', { email: `user${attempt}@example.org`, password: 'wrong password!' });
  }
  const limited = await submitForm(t.agent(), '/login', { email: ana.email, password: GOOD_PASSWORD });
  expect(limited.status).toBe(429);
});

test('signing in with the right password counts towards no limit: many sign-ins in a row all work', async () => {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    expect((await submitForm(t.agent(), '/login', { email: ana.email, password: GOOD_PASSWORD })).status).toBe(303);
  }
  // Failures still count: two wrong, a right one, two wrong more — the third wrong one of the window locks.
  for (const password of ['wrong password!', 'wrong password!', GOOD_PASSWORD, 'wrong password!']) await submitForm(t.agent(), '/login', { email: ana.email, password });
  expect((await submitForm(t.agent(), '/login', { email: ana.email, password: GOOD_PASSWORD })).status).toBe(429);
});

test('guesses from one address lock that address out of the account, never the owner signing in from elsewhere', async () => {
  const proxied = createTestApp({ db: testDb.current.db, env: { TRUST_PROXY: '1' }, rateLimits: { loginPerAccount: { points: 3, windowSeconds: 900 }, loginPerIp: { points: 50, windowSeconds: 900 } } });
  // The CSRF token lives in the session of the agent that read the page: one agent per address.
  const attacker = proxied.agent();
  const owner = proxied.agent();
  const post = async (agent: ReturnType<typeof proxied.agent>, ip: string, password: string) => {
    const page = await agent.get('/login').set('X-Forwarded-For', ip);
    return agent
      .post('/login')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ email: ana.email, password, _csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1] });
  };
  for (let attempt = 0; attempt < 5; attempt += 1) await post(attacker, '203.0.113.9', 'wrong password!');
  expect((await post(attacker, '203.0.113.9', GOOD_PASSWORD)).status).toBe(429);
  expect((await post(owner, '198.51.100.7', GOOD_PASSWORD)).status).toBe(303);
});
