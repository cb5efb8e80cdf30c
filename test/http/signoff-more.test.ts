import { randomBytes } from 'node:crypto';
import { useTestDb } from '../support/test-db';
import { unfoldQuotedPrintable, useSmtpServer } from '../support/smtp';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, fieldError, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { lastMailTo, linkIn } from '../support/outbox';
import { answerOnly as answer, row, sendAnswers, signedBy } from '../support/supervisor-form';
import { createRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { evaluatePortfolio } from '../../src/domain/portfolio/evaluation-service';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { smtpTransport } from '../../src/mail/mailer';
import { isoDay } from '../../src/domain/dates';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
const db = () => testDb.current.db;
const DAY = 86_400_000;
type Agent = ReturnType<TestApp['agent']>;
let t: TestApp;
let ana: User;
let agent: Agent;
let ids: number[];

/** Ana, signed in, with supervision records (dated in the last months) claimed with Dr Sam Lee. */
async function setUp(app: TestApp, hours: number[] = [1, 1.5, 1]) {
  t = app;
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana Kowalska', criteriaSet: 'emcc-eia', targetLevel: 'practitioner' });
  agent = t.agent();
  await signInAs(agent, ana);
  ids = [];
  for (const [index, value] of hours.entries()) {
    const date = isoDay(new Date(t.clock.now().getTime() - (10 + 20 * index) * DAY));
    ids.push((await createRecord(t.deps, ana.id, 'supervision', { date, hours: value, supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual', themes: `Session ${index + 1}` })).id);
  }
}

async function ask(recordIds = ids) {
  const page = await agent.get('/supervision/confirmations');
  const body = [`_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`, ...recordIds.map((id) => `records=${id}`)].join('&');
  expect((await agent.post('/supervision/confirmations').type('form').send(body)).status).toBe(303);
  return linkIn((await lastMailTo(db(), 'sam@example.org'))!.text);
}

async function applicantPost(path: string) {
  const page = await agent.get('/supervision/confirmations');
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text) });
}

const confirmAs = { action: 'confirm', fullName: 'Dr Sam Lee', declaration: 'true' } as const;
const count = async (table: string) => Number((await db()(table).count<{ count: number }[]>('* as count'))[0]!.count);
const supervisionRequirement = async () => (await evaluatePortfolio(t.deps, ana.id)).evaluation.levels.flatMap((level) => level.requirements).find((r) => r.id === 'senior_practitioner.supervision')!;
const randomToken = () => randomBytes(32).toString('base64url');

describe('through a real SMTP server on 127.0.0.1', () => {
  const smtp = useSmtpServer();

  test('the emailed link, as received by the mail server, opens the supervisor page and records a confirmation', async () => {
    const transport = smtpTransport(smtp.url)!;
    try {
      await setUp(createTestApp({ db: db(), transport }));
      await ask([ids[0]!]);
      await t.deps.mailer.deliverDue();
      for (let wait = 0; wait < 50 && !smtp.received.some((data) => data.includes('To: sam@example.org')); wait += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await db()('outbox').first()).status).toBe('sent');
      const raw = smtp.received.find((data) => data.includes('To: sam@example.org'))!;
      expect(raw).toContain('Subject: Please confirm supervision for Ana Kowalska');
      const link = linkIn(unfoldQuotedPrintable(raw));
      expect(link).toMatch(/^\/confirm\/[A-Za-z0-9_-]{43}$/);
      const sam = t.agent();
      const page = await sam.get(link);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Confirm supervision for Ana Kowalska');
      expect((await answer(sam, link, ids[0]!, confirmAs)).status).toBe(303);
      expect(await db()('signoffs').select('supervision_id', 'decision', 'signer_name')).toEqual([{ supervision_id: ids[0], decision: 'confirmed', signer_name: 'Dr Sam Lee' }]);
    } finally {
      transport.close();
    }
  });
});

describe('with an applicant and records', () => {
  test('done when: six sessions asked, five confirmed and one corrected, the correction accepted: all six count as confirmed until one is edited', async () => {
    await setUp(createTestApp({ db: db() }), [1, 1, 1.5, 1, 2, 1]);
    const link = await ask();
    const sam = t.agent();
    expect((await sam.get(link)).text).toContain('Session 6');
    // One send: five sessions left as “Confirm”, the sixth corrected.
    expect((await sendAnswers(sam, link, { ...signedBy(), ...row(ids[5]!, { action: 'correct', proposedHours: '1:30', reason: 'It ran over.' }) })).status).toBe(303);
    expect((await db()('signoff_requests').first()).state).toBe('completed');

    const confirmations = await agent.get('/supervision/confirmations');
    expect(confirmations.text).toContain('Correction proposed by Dr Sam Lee');
    const answerId = /\/supervision\/corrections\/(\d+)\/accept/.exec(confirmations.text)![1];
    expect((await applicantPost(`/supervision/corrections/${answerId}/accept`)).status).toBe(303);
    expect(Number((await db()('supervision_entries').where('id', ids[5]).first()).hours)).toBe(1.5);

    expect((await supervisionRequirement()).supervisionHours).toEqual({ confirmed: 8, unconfirmed: 0 });
    const list = await agent.get('/supervision');
    expect(list.text.match(/Confirmed by Dr Sam Lee on/g)).toHaveLength(6);
    expect(list.text).toContain('with the correction they proposed (accepted on');

    const edited = await submitForm(
      agent,
      `/supervision/${ids[0]}/edit`,
      { date: (await db()('supervision_entries').where('id', ids[0]).first()).date, hours: '2', supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual', themes: 'Session 1' },
      `/supervision/${ids[0]}`,
    );
    expect(edited.status).toBe(303);
    const after = await agent.get('/supervision');
    expect(after.text).toMatch(/Not confirmed: changed after the supervisor confirmed it on \d+ \w+ \d{4}/);
    expect(after.text.match(/Confirmed by Dr Sam Lee on/g)).toHaveLength(5);
    expect((await supervisionRequirement()).supervisionHours).toEqual({ confirmed: 7, unconfirmed: 2 });
  });

  test('abuse: no CSRF token is 403; replaced, revoked and unknown links get one identical 404 page', async () => {
    await setUp(createTestApp({ db: db() }));
    const first = await ask([ids[0]!]);
    const sam = t.agent();
    expect((await sam.get(first)).status).toBe(200);
    const forged = await sam
      .post(first)
      .type('form')
      .send({ records: String(ids[0]), ...signedBy() });
    expect(forged.status).toBe(403);
    expect(await count('signoffs')).toBe(0);

    const request = await db()('signoff_requests').first();
    expect((await applicantPost(`/supervision/confirmations/${request.id}/resend`)).status).toBe(303);
    const second = linkIn((await lastMailTo(db(), 'sam@example.org'))!.text);
    expect((await sam.get(second)).status).toBe(200);
    expect((await applicantPost(`/supervision/confirmations/${request.id}/revoke`)).status).toBe(303);

    const pageOf = async (path: string) => {
      const response = await t.agent().get(path);
      expect(response.status).toBe(404);
      return response.text;
    };
    const unknown = await pageOf(`/confirm/${randomToken()}`);
    expect(unknown).toContain('This confirmation link does not work');
    expect(await pageOf(first)).toBe(unknown);
    expect(await pageOf(second)).toBe(unknown);
  });

  test('abuse: guessing tokens is rate-limited per address: 429 within 121 tries, with a message to wait', async () => {
    await setUp(createTestApp({ db: db() }));
    const guesser = t.agent();
    let tries = 0;
    let last = await guesser.get(`/confirm/${randomToken()}`);
    for (tries = 1; last.status !== 429 && tries < 121; tries += 1) {
      expect(last.status).toBe(404);
      last = await guesser.get(`/confirm/${randomToken()}`);
    }
    expect(last.status).toBe(429);
    expect(tries).toBeLessThanOrEqual(121);
    expect(last.text).toContain('Please wait a few minutes and try again');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('abuse: a future corrected date and a nameless decline are refused; answers after completion change nothing', async () => {
    await setUp(createTestApp({ db: db() }), [1, 1.5]);
    const link = await ask();
    const sam = t.agent();
    const tomorrow = isoDay(new Date(t.clock.now().getTime() + DAY));
    const future = await answer(sam, link, ids[0]!, { action: 'correct', fullName: 'Dr Sam Lee', proposedDate: tomorrow });
    expect(future.status).toBe(422);
    expect(fieldError(future.text, `proposedDate-${ids[0]}`)).toMatch(/not after today/);
    const nameless = await answer(sam, link, ids[0]!, { action: 'decline', reason: 'We never met.' });
    expect(nameless.status).toBe(422);
    expect(fieldError(nameless.text, 'fullName')).toBe('Enter your full name, as you would sign it.');
    expect(await count('signoffs')).toBe(0);

    const csrf = csrfTokenIn((await sam.get(link)).text);
    await sendAnswers(sam, link, signedBy());
    expect((await db()('signoff_requests').first()).state).toBe('completed');
    const before = await db()('signoffs').orderBy('id');
    const late = await sam
      .post(link)
      .type('form')
      .send({ _csrf: csrf, records: String(ids[1]), [`action-${ids[1]}`]: 'decline', fullName: 'Dr Sam Lee', [`reason-${ids[1]}`]: 'Changed my mind.' });
    expect(late.status).toBe(422);
    expect(late.text).toContain('This request is no longer open');
    expect(await db()('signoffs').orderBy('id')).toEqual(before);
  });

  test('the API asks, lists, resends, revokes, and shows each record’s confirmation state', async () => {
    await setUp(createTestApp({ db: db() }));
    const { token } = await createApiToken(t.deps, ana.id, 'script');
    const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
    const bobToken = (await createApiToken(t.deps, bob.id, 'script')).token;
    const api = (method: 'get' | 'post', url: string, as = token) => t.agent()[method](`/api/v1${url}`).set('Authorization', `Bearer ${as}`);
    const stateOf = async (id: number) => (await api('get', `/supervision/${id}`)).body.confirmation.state;

    expect(await stateOf(ids[0]!)).toBe('never_asked');
    for (const recordIds of ['12', [0], ['1'], [1.5], null]) {
      const invalid = await api('post', '/signoff-requests').send({ recordIds });
      expect(invalid.status).toBe(422);
      expect(invalid.body.error.errors[0].path).toBe('/recordIds');
    }
    expect(await count('signoff_requests')).toBe(0);

    const created = await api('post', '/signoff-requests').send({ recordIds: [ids[1], ids[0]] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'pending', supervisorEmail: 'sam@example.org', recordIds: [ids[0], ids[1]].sort((a, b) => a! - b!) });
    const first = linkIn((await lastMailTo(db(), 'sam@example.org'))!.text);
    expect(await stateOf(ids[0]!)).toBe('awaiting_answer');
    const listed = await api('get', '/signoff-requests');
    expect(listed.body.items.map((item: { id: number; state: string }) => [item.id, item.state])).toEqual([[created.body.id, 'pending']]);
    expect((await api('get', '/signoff-requests', bobToken)).body.items).toEqual([]);

    expect((await api('post', `/signoff-requests/${created.body.id}/resend`, bobToken)).status).toBe(404);
    expect((await api('post', `/signoff-requests/${created.body.id}/revoke`, bobToken)).status).toBe(404);
    expect((await api('post', `/signoff-requests/${created.body.id}/resend`)).status).toBe(204);
    const second = linkIn((await lastMailTo(db(), 'sam@example.org'))!.text);
    expect(second).not.toBe(first);
    expect((await t.agent().get(first)).status).toBe(404);
    expect((await t.agent().get(second)).status).toBe(200);

    expect((await answer(t.agent(), second, ids[0]!, confirmAs)).status).toBe(303);
    expect(await stateOf(ids[0]!)).toBe('confirmed');
    expect((await api('post', `/signoff-requests/${created.body.id}/revoke`)).status).toBe(204);
    expect((await api('get', '/signoff-requests')).body.items[0].state).toBe('revoked');
    expect((await t.agent().get(second)).status).toBe(404);
    expect(await stateOf(ids[0]!)).toBe('confirmed');
    expect(await stateOf(ids[1]!)).toBe('request_revoked');
  });

  test('the audit trail: the applicant’s history (in words) and the admin audit log show requested, viewed, confirmed and voided', async () => {
    await setUp(createTestApp({ db: db() }));
    const link = await ask([ids[0]!]);
    const sam = t.agent();
    await answer(sam, link, ids[0]!, confirmAs);
    const record = await db()('supervision_entries').where('id', ids[0]).first();
    await submitForm(agent, `/supervision/${ids[0]}/edit`, { date: record.date, hours: '3', supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual' }, `/supervision/${ids[0]}`);
    const actions = ['signoff.requested', 'signoff.viewed', 'signoff.confirmed', 'signoff.voided'];

    // The applicant reads the history in words; the administrator's audit log keeps the codes.
    const history = (await agent.get('/supervision/confirmations')).text.replace(/<[^>]+>/g, '');
    expect(history).toContain('You asked Dr Sam Lee to confirm supervision');
    expect(history).toContain('Dr Sam Lee opened the link');
    expect(history).toMatch(/Dr Sam Lee confirmed the session of \d{1,2} \w+ \d{4} \(3 h\)/);
    expect(history).toMatch(/The supervisor’s answer about the session of \d{1,2} \w+ \d{4} \(3 h\) no longer stands: the record was changed/);
    for (const action of actions) expect(history).not.toContain(action);

    const admin = await makeUser(t.deps, ['admin'], { email: 'admin@example.org', name: 'Ada Admin' });
    const adminAgent = t.agent();
    await signInAs(adminAgent, admin);
    const audit = await adminAgent.get('/admin/audit');
    expect(audit.status).toBe(200);
    for (const action of actions) expect(audit.text).toContain(`<code>${action}</code>`);
    expect((await agent.get('/admin/audit')).status).toBe(403);
  });

  test('the API names the field it was sent: an empty recordIds, or records of two supervisors, are 422 at /recordIds', async () => {
    await setUp(createTestApp({ db: db() }));
    const { token } = await createApiToken(t.deps, ana.id, 'script');
    const other = await createRecord(t.deps, ana.id, 'supervision', { date: '2026-03-10', hours: 1, supervisorName: 'Pat', supervisorEmail: 'pat@example.org', format: 'individual' });
    for (const recordIds of [[], [ids[0], other.id]]) {
      const refused = await t.agent().post('/api/v1/signoff-requests').set('Authorization', `Bearer ${token}`).send({ recordIds });
      expect(refused.status).toBe(422);
      expect(refused.body.error.errors.map((error: { path: string }) => error.path)).toEqual(['/recordIds']);
    }
    expect(await count('signoff_requests')).toBe(0);
  });

  test('saving a confirmed record without changing what was confirmed keeps the confirmation', async () => {
    await setUp(createTestApp({ db: db() }));
    const link = await ask([ids[0]!]);
    await answer(t.agent(), link, ids[0]!, confirmAs);
    const record = await db()('supervision_entries').where('id', ids[0]).first();
    const saved = await submitForm(
      agent,
      `/supervision/${ids[0]}/edit`,
      { date: record.date, hours: '1', supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual', themes: 'Session 1' },
      `/supervision/${ids[0]}`,
    );
    expect(saved.status).toBe(303);
    expect((await agent.get(`/supervision/${ids[0]}`)).text).toContain('Confirmed by Dr Sam Lee on');
    expect((await db()('signoffs').first()).voided_at).toBeNull();
  });
});
