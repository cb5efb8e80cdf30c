import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { fieldError, submitForm } from '../support/forms';
import { GOOD_PASSWORD, makeUser, signInAs } from '../support/factories';
import { lastMailTo, linkIn } from '../support/outbox';
import { createRecord } from '../../src/domain/records/record-service';
import { requestConfirmation } from '../../src/domain/signoff/signoff-service';
import { userRepository } from '../../src/db/repositories/user-repository';

/**
 * Supervisors are who they say they are: an account sees and answers the requests sent to its
 * address only once it has opened a link mailed there. Until then the emailed link of each
 * request still works, without an account. A new address is the account's only once proved.
 */

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;

beforeEach(async () => {
  t = createTestApp({ db: db() });
});

/** Opens an emailed confirmation link and presses its button, as the reader of the mail would. */
async function confirmThrough(agent: ReturnType<TestApp['agent']>, link: string) {
  return submitForm(agent, link, {});
}

/** An applicant who asked sam@example.org to confirm one supervision record; the request's emailed link. */
async function requestToSam() {
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  const record = await createRecord(t.deps, ana.id, 'supervision', { date: '2026-01-10', hours: 1, supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual' });
  const request = await requestConfirmation(t.deps, ana.id, [record.id]);
  return { request, record, link: linkIn((await lastMailTo(db(), 'sam@example.org'))!.text) };
}

test('an account registered with a supervisor’s address cannot see or answer their requests until it opens the link sent there', async () => {
  const { request, record, link } = await requestToSam();
  // Mallory registers with Sam's address, and signs in with the password she chose.
  const mallory = t.agent();
  expect((await submitForm(mallory, '/register', { name: 'Mallory', email: 'sam@example.org', password: GOOD_PASSWORD, role: 'supervisor' })).status).toBe(200);
  await signInAs(mallory, { email: 'sam@example.org' });
  const list = await mallory.get('/requests');
  expect(list.status).toBe(200);
  expect(list.text).toContain('Confirm your email address to see the requests sent to <strong>sam@example.org</strong>');
  expect(list.text).not.toContain('Ana Kowalska');
  expect((await mallory.get(`/requests/${request.id}`)).status).toBe(403);
  const answer = await mallory
    .post(`/requests/${request.id}`)
    .type('form')
    .send({ records: String(record.id), fullName: 'Dr Sam Lee', declaration: 'true' });
  expect(answer.status).toBe(403);
  expect(await db()('signoffs').count('* as n').first()).toEqual({ n: 0 });

  // The emailed link of the request works, without an account.
  expect((await t.agent().get(link)).status).toBe(200);

  // Whoever reads Sam's mail opens the confirmation link: now the account sees the request.
  const verification = linkIn((await db()('outbox').where('to_address', 'sam@example.org').where('subject', 'Confirm your email address for EIA Portfolio').first()).body_text);
  // Opening the link only asks (a mail scanner following links proves nothing); the button proves it.
  const page = await mallory.get(verification);
  expect(page.text).toContain('Is <strong>sam@example.org</strong> your address?');
  expect((await userRepository.findByEmailWithSecret(db(), 'sam@example.org'))!.emailVerifiedAt).toBeNull();
  expect((await confirmThrough(mallory, verification)).headers.location).toBe('/account');
  expect((await userRepository.findByEmailWithSecret(db(), 'sam@example.org'))!.emailVerifiedAt).toBeInstanceOf(Date);
  expect((await mallory.get('/requests')).text).toContain('Ana Kowalska');
  expect((await mallory.get(`/requests/${request.id}`)).status).toBe(200);
  // A link works once.
  expect((await t.agent().get(verification)).status).toBe(410);
});

test('a new link can be asked for; only the newest works, and an unknown one gets the same page', async () => {
  const sam = await makeUser(t.deps, ['supervisor'], { email: 'sam@example.org', verified: false });
  const agent = t.agent();
  await signInAs(agent, sam);
  expect((await agent.get('/account')).text).toContain('(not confirmed yet)');
  expect((await submitForm(agent, '/account', {}, '/account/verification')).status).toBe(303);
  const first = linkIn((await lastMailTo(db(), 'sam@example.org'))!.text);
  await submitForm(agent, '/account', {}, '/account/verification');
  const second = linkIn((await lastMailTo(db(), 'sam@example.org'))!.text);
  expect(second).not.toBe(first);
  expect((await confirmThrough(t.agent(), second)).headers.location).toBe('/login?verified=1');
  expect((await t.agent().get(first)).status).toBe(410);
  expect((await t.agent().get('/account/verify/not-a-token')).status).toBe(410);
  expect((await agent.get('/account')).text).toContain('(confirmed)');
});

test('changing the address: the new one is the account’s only when the link sent to it is opened; the old one is told', async () => {
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  await makeUser(t.deps, ['applicant'], { email: 'taken@example.org' });
  const agent = t.agent();
  await signInAs(agent, ana);
  const wrong = await submitForm(agent, '/account/email', { newEmail: 'ana@new.example', currentPassword: 'not my password' });
  expect(wrong.status).toBe(422);
  expect(fieldError(wrong.text, 'currentPassword')).toBe('This is not your current password.');
  expect(wrong.text).toContain('value="ana@new.example"');

  expect((await submitForm(agent, '/account/email', { newEmail: 'Ana@New.Example', currentPassword: GOOD_PASSWORD })).status).toBe(303);
  expect((await userRepository.findById(db(), ana.id))!.email).toBe('ana@example.org');
  const link = linkIn((await lastMailTo(db(), 'ana@new.example'))!.text);
  expect((await confirmThrough(agent, link)).status).toBe(303);
  expect(await userRepository.findById(db(), ana.id)).toMatchObject({ email: 'ana@new.example', emailVerifiedAt: expect.any(Date) });
  expect((await lastMailTo(db(), 'ana@example.org'))!.subject).toBe('Your EIA Portfolio email address has changed');

  // An address another account has: the same answer, no mail, nothing changes.
  expect((await submitForm(agent, '/account/email', { newEmail: 'taken@example.org', currentPassword: GOOD_PASSWORD })).status).toBe(303);
  expect(await lastMailTo(db(), 'taken@example.org')).toBeUndefined();
  expect((await userRepository.findById(db(), ana.id))!.email).toBe('ana@new.example');
});
