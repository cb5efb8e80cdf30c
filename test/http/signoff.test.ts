import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, fieldError, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { lastMailTo, linkIn } from '../support/outbox';
import { answerOnly as answer, row, sendAnswers, signedBy } from '../support/supervisor-form';
import { createRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { evaluatePortfolio } from '../../src/domain/portfolio/evaluation-service';
import { contentHash } from '../../src/domain/signoff/confirmation-status';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;
let ids: number[];

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana Kowalska', criteriaSet: 'emcc-eia', targetLevel: 'practitioner' });
  agent = t.agent();
  await signInAs(agent, ana);
  ids = [];
  for (const [date, hours] of [
    ['2026-01-10', 1],
    ['2026-02-10', 1.5],
    ['2026-03-10', 1],
  ] as const) {
    ids.push((await createRecord(t.deps, ana.id, 'supervision', { date, hours, supervisorName: 'Dr Sam Lee', supervisorEmail: 'Sam@Example.org', format: 'individual', themes: 'Contracting' })).id);
  }
});

async function ask(recordIds = ids) {
  const page = await agent.get('/supervision/confirmations');
  const body = [`_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`, ...recordIds.map((id) => `records=${id}`)].join('&');
  const response = await agent.post('/supervision/confirmations').type('form').send(body);
  expect(response.status).toBe(303);
  const mail = await lastMailTo(db(), 'sam@example.org');
  return { mail: mail!, link: linkIn(mail!.text) };
}

test('a supervisor confirms, declines and corrects from the emailed link without an account; the applicant accepts the correction', async () => {
  const { mail, link } = await ask();
  expect(mail.subject).toBe('Please confirm supervision for Ana Kowalska');
  expect(mail.text).toContain('10 January 2026: 1 h of individual supervision');
  expect(link).toMatch(/^\/confirm\/[A-Za-z0-9_-]{43}$/);
  const request = await db()('signoff_requests').first();
  expect(request.token_hash).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(request)).not.toContain(link.split('/').pop());

  const sam = t.agent();
  const page = await sam.get(link).set('User-Agent', 'SamBrowser/1.0');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Confirm supervision for Ana Kowalska');
  expect(page.text).toContain('Contracting');

  const sent = await sendAnswers(sam, link, { ...signedBy(), ...row(ids[1]!, { action: 'decline', reason: 'We did not meet that day.' }), ...row(ids[2]!, { action: 'correct', proposedHours: '1:30' }) });
  expect(sent.status).toBe(303);

  const answers = await db()('signoffs').orderBy('supervision_id');
  expect(answers.map((row) => row.decision)).toEqual(['confirmed', 'declined', 'correction']);
  expect(answers[0].content_hash).toBe(contentHash({ date: '2026-01-10', hours: 1, supervisorName: 'Dr Sam Lee', supervisorEmail: 'Sam@Example.org', format: 'individual', themes: 'Contracting' }));
  expect(answers[0].ip).toBeTruthy();
  expect(answers[0].signed_at).toBeInstanceOf(Date);
  const viewed = await db()('audit_events').where('action', 'signoff.viewed').first();
  expect(viewed.details.userAgent).toBe('SamBrowser/1.0');
  expect((await db()('signoff_requests').first()).state).toBe('completed');

  const list = await agent.get('/supervision');
  expect(list.text).toContain('Confirmed by Dr Sam Lee on');
  expect(list.text).toContain('Declined by Dr Sam Lee on');
  expect(list.text).toContain('Correction proposed by Dr Sam Lee');

  const confirmations = await agent.get('/supervision/confirmations');
  const accept = await agent
    .post(`/supervision/corrections/${answers[2].id}/accept`)
    .type('form')
    .send({ _csrf: csrfTokenIn(confirmations.text) });
  expect(accept.status).toBe(303);
  expect(Number((await db()('supervision_entries').where('id', ids[2]).first()).hours)).toBe(1.5);
  const { evaluation } = await evaluatePortfolio(t.deps, ana.id, { asOf: '2026-03-31' });
  const perYear = evaluation.levels[2]!.requirements.find((r) => r.id === 'senior_practitioner.supervision')!;
  // The declined session never counts: confirmed 1 h + 1.5 h corrected, nothing unconfirmed.
  expect(perYear.supervisionHours).toEqual({ confirmed: 2.5, unconfirmed: 0 });
  expect(perYear.excluded).toContainEqual({ ref: `supervision:${ids[1]}`, reason: expect.stringMatching(/^declined by the supervisor on \d+ \w+ \d{4}$/) });
});

test('editing a confirmed record voids its confirmation visibly, keeps the history, and it can be asked again', async () => {
  const { link } = await ask([ids[0]!]);
  await answer(t.agent(), link, ids[0]!, { action: 'confirm', fullName: 'Dr Sam Lee', declaration: 'true' });
  await submitForm(agent, `/supervision/${ids[0]}/edit`, { date: '2026-01-10', hours: '2', supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual' }, `/supervision/${ids[0]}`);
  const page = await agent.get(`/supervision/${ids[0]}`);
  expect(page.text).toMatch(/Not confirmed: changed after the supervisor confirmed it on \d+ \w+ \d{4}; ask again/);
  const voided = await db()('audit_events').where('action', 'signoff.voided').first();
  expect(voided.details.before.hours).toBe(1);
  expect(voided.details.answer.signer).toBe('Dr Sam Lee');
  await ask([ids[0]!]);
  expect((await agent.get(`/supervision/${ids[0]}`)).text).toContain('Awaiting the answer of Dr Sam Lee');
});

test('deleting a confirmed record warns first, then voids and logs', async () => {
  const { link } = await ask([ids[0]!]);
  await answer(t.agent(), link, ids[0]!, { action: 'confirm', fullName: 'Dr Sam Lee', declaration: 'true' });
  const warning = await agent.get(`/supervision/${ids[0]}/delete`);
  expect(warning.text).toContain('This record is confirmed');
  await submitForm(agent, `/supervision/${ids[0]}/delete`, {}, `/supervision/${ids[0]}/delete`);
  expect((await db()('signoffs').first()).voided_at).not.toBeNull();
  expect(await db()('audit_events').where('action', 'signoff.voided').first()).toBeDefined();
});

test('answers missing what they need are refused with a message, and a double submit records once', async () => {
  const { link } = await ask();
  const sam = t.agent();
  const noDeclaration = await answer(sam, link, ids[0]!, { action: 'confirm', fullName: 'Dr Sam Lee' });
  expect(noDeclaration.status).toBe(422);
  expect(fieldError(noDeclaration.text, 'declaration')).toBe('Tick the declaration to confirm.');
  const noReason = await answer(sam, link, ids[1]!, { action: 'decline', fullName: 'Dr Sam Lee' });
  expect(fieldError(noReason.text, `reason-${ids[1]}`)).toMatch(/Say why you decline/);
  const impossible = await answer(sam, link, ids[2]!, { action: 'correct', fullName: 'Dr Sam Lee', proposedHours: '30' });
  expect(fieldError(impossible.text, `proposedHours-${ids[2]}`)).toMatch(/at most 24/);
  expect(await db()('signoffs').count<{ count: number }[]>('* as count')).toEqual([{ count: 0 }]);
  await answer(sam, link, ids[0]!, { action: 'confirm', fullName: 'Dr Sam Lee', declaration: 'true' });
  await answer(sam, link, ids[0]!, { action: 'decline', fullName: 'Dr Sam Lee', reason: 'changed my mind' });
  const rows = await db()('signoffs');
  expect(rows).toHaveLength(1);
  expect(rows[0].decision).toBe('confirmed');
});

test('expired, revoked, replaced, malformed and foreign links get the same page; a link reaches only its records', async () => {
  const { link } = await ask([ids[0]!, ids[1]!]);
  const sam = t.agent();
  expect((await sam.get('/confirm/not-a-token')).status).toBe(404);
  const unknown = await sam.get(`/confirm/${'A'.repeat(43)}`);
  expect(unknown.status).toBe(404);
  expect(unknown.text).toContain('This confirmation link does not work');
  // Not part of this request:
  expect((await answer(sam, link, ids[2]!, { action: 'confirm', fullName: 'X', declaration: 'true' })).status).toBe(404);
  const other = await makeUser(t.deps, ['applicant']);
  const foreign = await createRecord(t.deps, other.id, 'supervision', { date: '2026-01-10', hours: 1, supervisorName: 'Sam', supervisorEmail: 'sam@example.org', format: 'individual' });
  expect((await answer(sam, link, foreign.id, { action: 'confirm', fullName: 'X', declaration: 'true' })).status).toBe(404);

  // Resend: the old link stops working at once.
  const request = await db()('signoff_requests').first();
  const page = await agent.get('/supervision/confirmations');
  await agent
    .post(`/supervision/confirmations/${request.id}/resend`)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text) });
  expect((await sam.get(link)).status).toBe(404);
  const newLink = linkIn((await lastMailTo(db(), 'sam@example.org'))!.text);
  expect(newLink).not.toBe(link);
  expect((await sam.get(newLink)).status).toBe(200);

  // Expiry by the clock.
  t.clock.advance(31 * 86_400_000);
  expect((await sam.get(newLink)).status).toBe(404);
  t.clock.advance(-31 * 86_400_000);
  // Revoke.
  const page2 = await agent.get('/supervision/confirmations');
  await agent
    .post(`/supervision/confirmations/${request.id}/revoke`)
    .type('form')
    .send({ _csrf: csrfTokenIn(page2.text) });
  expect((await sam.get(newLink)).status).toBe(404);
  expect(await db()('signoffs').count<{ count: number }[]>('* as count')).toEqual([{ count: 0 }]);
});

test('a supervisor with an account sees the requests sent to their email and answers there', async () => {
  await ask([ids[0]!]);
  const samUser = await makeUser(t.deps, ['supervisor'], { email: 'sam@example.org', name: 'Dr Sam Lee' });
  const sam = t.agent();
  await signInAs(sam, samUser);
  const list = await sam.get('/requests');
  expect(list.text).toContain('Ana Kowalska');
  const request = await db()('signoff_requests').first();
  expect((await sendAnswers(sam, `/requests/${request.id}`, signedBy())).status).toBe(303);
  expect((await db()('signoffs').first()).decision).toBe('confirmed');
  // Another supervisor's account cannot open it.
  const eve = await makeUser(t.deps, ['supervisor'], { email: 'eve@example.org' });
  const eveAgent = t.agent();
  await signInAs(eveAgent, eve);
  expect((await eveAgent.get(`/requests/${request.id}`)).status).toBe(404);
});

test('records of different supervisors, or without an email, cannot be asked in one request', async () => {
  const other = await createRecord(t.deps, ana.id, 'supervision', { date: '2026-01-11', hours: 1, supervisorName: 'Pat', supervisorEmail: 'pat@example.org', format: 'individual' });
  const page = await agent.get('/supervision/confirmations');
  const refused = await agent
    .post('/supervision/confirmations')
    .type('form')
    .send(`_csrf=${encodeURIComponent(csrfTokenIn(page.text))}&records=${ids[0]}&records=${other.id}`);
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('Choose records with the same supervisor');
  expect(await db()('signoff_requests').first()).toBeUndefined();
});

test('the notice after asking says the email is in the outbox when the instance sends no mail, and that it was sent when it does', async () => {
  await ask([ids[0]!]);
  expect((await agent.get('/supervision/confirmations')).text).toContain(
    'The email to Dr Sam Lee with a link to confirm these records is in the outbox: this instance sends no mail, so an administrator passes it on (Admin → Outbox).',
  );

  const sent: string[] = [];
  const withMail = createTestApp({ db: testDb.current.db, transport: { sendMail: async (message) => sent.push(message.to) } });
  const mailing = withMail.agent();
  await signInAs(mailing, ana);
  const page = await mailing.get('/supervision/confirmations');
  await mailing
    .post('/supervision/confirmations')
    .type('form')
    .send(`_csrf=${encodeURIComponent(csrfTokenIn(page.text))}&records=${ids[1]}`);
  expect((await mailing.get('/supervision/confirmations')).text).toContain('We have emailed Dr Sam Lee a link to confirm these records.');
});
