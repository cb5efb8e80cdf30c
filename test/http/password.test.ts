import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { fieldError, submitForm } from '../support/forms';
import { GOOD_PASSWORD, makeUser, signInAs } from '../support/factories';
import { lastMailTo, linkIn } from '../support/outbox';
import { authenticate } from '../../src/domain/accounts/account-service';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
let t: TestApp;
let ana: User;
const NEW_PASSWORD = 'copper kettle whistles';

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db, rateLimits: { resetPerAccount: { points: 2, windowSeconds: 3600 } } });
  await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
});

async function requestLink(email = ana.email): Promise<string> {
  const response = await submitForm(t.agent(), '/password/forgot', { email });
  expect(response.status).toBe(200);
  expect(response.text).toContain('If an account uses that address');
  const mail = await lastMailTo(testDb.current.db, email);
  expect(mail?.status).toBe('held');
  return linkIn(mail!.text);
}

describe('password reset by emailed link', () => {
  test('the outbox link sets a new password; the old one stops working', async () => {
    const link = await requestLink();
    expect(link).toMatch(/^\/password\/reset\/[A-Za-z0-9_-]{43}$/);
    const mail = await lastMailTo(testDb.current.db, ana.email);
    expect(mail?.subject).toBe('Reset your EIA Portfolio password');
    expect(mail?.text).toContain('Hello Ana Kowalska');

    const agent = t.agent();
    const done = await submitForm(agent, link, { password: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/login?reset=1');
    expect(await authenticate(t.deps, ana.email, NEW_PASSWORD)).toBeDefined();
    expect(await authenticate(t.deps, ana.email, GOOD_PASSWORD)).toBeUndefined();
    expect((await agent.get('/login?reset=1')).text).toContain('Sign in with your new password');
  });

  test('an unknown email gets the same answer and no mail is written', async () => {
    const response = await submitForm(t.agent(), '/password/forgot', { email: 'nobody@example.org' });
    expect(response.status).toBe(200);
    expect(response.text).toContain('If an account uses that address');
    expect(await lastMailTo(testDb.current.db, 'nobody@example.org')).toBeUndefined();
  });

  test('a link works once only', async () => {
    const link = await requestLink();
    expect((await submitForm(t.agent(), link, { password: NEW_PASSWORD })).status).toBe(303);
    const reused = await t.agent().get(link);
    expect(reused.status).toBe(410);
    expect(reused.text).toContain('This link no longer works');
  });

  test('a link expires after one hour', async () => {
    const link = await requestLink();
    t.clock.advance(59 * 60_000);
    expect((await t.agent().get(link)).status).toBe(200);
    t.clock.advance(2 * 60_000);
    expect((await t.agent().get(link)).status).toBe(410);
    // Posting to an expired link changes nothing either.
    const late = await submitForm(t.agent(), '/password/forgot', { password: NEW_PASSWORD }, link);
    expect(late.status).toBe(410);
    expect(await authenticate(t.deps, ana.email, GOOD_PASSWORD)).toBeDefined();
  });

  test('a malformed or unknown token gets the same page', async () => {
    expect((await t.agent().get('/password/reset/nonsense')).status).toBe(410);
    expect((await t.agent().get(`/password/reset/${'A'.repeat(43)}`)).status).toBe(410);
  });

  test('a common new password is refused on the reset form and the link stays usable', async () => {
    const link = await requestLink();
    const refused = await submitForm(t.agent(), link, { password: 'qwertyuiop' });
    expect(refused.status).toBe(422);
    expect(fieldError(refused.text, 'password')).toContain('commonly used passwords');
    expect(refused.text).toContain(`action="${link}"`);
    expect((await submitForm(t.agent(), link, { password: NEW_PASSWORD })).status).toBe(303);
  });

  test('a reset signs out sessions opened with the old password', async () => {
    const agent = t.agent();
    await signInAs(agent, ana);
    expect((await agent.get('/')).status).toBe(200);
    const link = await requestLink();
    await submitForm(t.agent(), link, { password: NEW_PASSWORD });
    expect((await agent.get('/')).headers.location).toBe('/login');
  });

  test('reset requests are rate-limited per account', async () => {
    await requestLink();
    await requestLink();
    const limited = await submitForm(t.agent(), '/password/forgot', { email: ana.email });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Too many reset requests');
  });
});

describe('change password', () => {
  test('with the current password it changes, keeps this session and ends the others', async () => {
    const here = t.agent();
    const elsewhere = t.agent();
    await signInAs(here, ana);
    await signInAs(elsewhere, ana);
    t.clock.advance(1000);
    const changed = await submitForm(here, '/account/password', { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.status).toBe(303);
    expect((await here.get('/account')).text).toContain('Your password has been changed');
    expect((await elsewhere.get('/account')).headers.location).toBe('/login?next=%2Faccount');
    expect(await authenticate(t.deps, ana.email, NEW_PASSWORD)).toBeDefined();
  });

  test('a wrong current password is refused beside that field and nothing changes', async () => {
    const agent = t.agent();
    await signInAs(agent, ana);
    const refused = await submitForm(agent, '/account/password', { currentPassword: 'not the password', newPassword: NEW_PASSWORD });
    expect(refused.status).toBe(422);
    expect(fieldError(refused.text, 'currentPassword')).toBe('This is not your current password.');
    expect(refused.text).not.toContain(NEW_PASSWORD);
    expect(await authenticate(t.deps, ana.email, GOOD_PASSWORD)).toBeDefined();
  });

  test('the email address as the new password is refused with the reason', async () => {
    const agent = t.agent();
    await signInAs(agent, ana);
    const refused = await submitForm(agent, '/account/password', { currentPassword: GOOD_PASSWORD, newPassword: 'ana@example.org' });
    expect(fieldError(refused.text, 'newPassword')).toMatch(/email address or name/);
  });
});
