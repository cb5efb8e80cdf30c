import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { createRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { requestConfirmation, revokeRequest } from '../../src/domain/signoff/signoff-service';
import { answerRecord, type AnswerInput } from '../../src/domain/signoff/supervisor-answers';
import { runSignoffJobs } from '../../src/domain/signoff/signoff-jobs';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
const db = () => testDb.current.db;
const DAY = 86_400_000;
const MINUTE = 60_000;
const REMINDER = 'Reminder: confirm supervision';
const DIGEST = 'Your supervision confirmations on EIA Portfolio';
const meta = { ip: '127.0.0.1', userAgent: 'jest' };
const confirm: AnswerInput = { action: 'confirm', fullName: 'Dr Sam Lee', declaration: true };

let t: TestApp;
let ana: User;

beforeEach(async () => {
  t = createTestApp({ db: db() });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana Kowalska', criteriaSet: 'emcc-eia', targetLevel: 'practitioner' });
});

/** A supervision record of Ana's with this supervisor. */
const supervision = async (email: string, date = '2026-03-10', hours = 1) =>
  (await createRecord(t.deps, ana.id, 'supervision', { date, hours, supervisorName: 'Dr Sam Lee', supervisorEmail: email, format: 'individual', themes: 'Contracting' })).id;

/** Asks this supervisor about new records; returns the request and its records. */
async function ask(app: TestApp, email: string, count = 1) {
  const ids: number[] = [];
  for (let index = 0; index < count; index += 1) ids.push(await supervision(email, `2026-03-${String(10 + index).padStart(2, '0')}`, 1 + index / 2));
  const request = await requestConfirmation(app.deps, ana.id, ids);
  return { request, ids };
}

const answer = (app: TestApp, request: { id: number; supervisorEmail: string }, recordId: number, input: AnswerInput = confirm) =>
  answerRecord(app.deps, { requestId: request.id, supervisorEmail: request.supervisorEmail }, recordId, input, meta);

/** Outbox messages whose subject starts with this, oldest first. */
async function mails(subjectStart: string): Promise<{ to: string; subject: string; text: string }[]> {
  const rows: { to_address: string; subject: string; body_text: string }[] = await db()('outbox').where('subject', 'like', `${subjectStart}%`).orderBy('id');
  return rows.map((row) => ({ to: row.to_address, subject: row.subject, text: row.body_text }));
}

describe('reminders', () => {
  test('a pending request gets one reminder when its link has 7 days left, never before, never twice; revoked and completed requests get none', async () => {
    const { request } = await ask(t, 'sam@example.org', 2);
    const revoked = (await ask(t, 'pat@example.org')).request;
    await revokeRequest(t.deps, ana.id, revoked.id);
    const completed = await ask(t, 'lou@example.org');
    await answer(t, completed.request, completed.ids[0]!);
    expect((await db()('signoff_requests').where('id', completed.request.id).first()).state).toBe('completed');

    t.clock.advance(23 * DAY - MINUTE);
    expect((await runSignoffJobs(t.deps)).reminders).toBe(0);
    expect(await mails(REMINDER)).toEqual([]);

    t.clock.advance(MINUTE);
    expect(await runSignoffJobs(t.deps)).toMatchObject({ reminders: 1, expired: 0 });
    const reminders = await mails(REMINDER);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.to).toBe('sam@example.org');
    expect(reminders[0]!.subject).toMatch(/^Reminder: confirm supervision for Ana Kowalska by \d+ \w+ \d{4}$/);
    expect(reminders[0]!.text).not.toContain('/confirm/');
    expect((await db()('signoff_requests').where('id', request.id).first()).reminder_sent_at).not.toBeNull();

    expect((await runSignoffJobs(t.deps)).reminders).toBe(0);
    t.clock.advance(3 * DAY);
    expect((await runSignoffJobs(t.deps)).reminders).toBe(0);
    expect(await mails(REMINDER)).toHaveLength(1);
  });

  test('the link lifetime follows SIGNOFF_LINK_DAYS: with 10 days the reminder comes after 3 days', async () => {
    t = createTestApp({ db: db(), env: { SIGNOFF_LINK_DAYS: '10' } });
    await ask(t, 'sam@example.org');
    t.clock.advance(3 * DAY - MINUTE);
    expect((await runSignoffJobs(t.deps)).reminders).toBe(0);
    t.clock.advance(MINUTE);
    expect((await runSignoffJobs(t.deps)).reminders).toBe(1);
    expect(await mails(REMINDER)).toHaveLength(1);
  });
});

describe('expiry', () => {
  test('when the link expires the applicant is told once, the request shows as expired in the history, and signoff.expired is logged', async () => {
    const { request } = await ask(t, 'sam@example.org', 2);
    const revoked = (await ask(t, 'pat@example.org')).request;
    await revokeRequest(t.deps, ana.id, revoked.id);
    const agent = t.agent();
    await signInAs(agent, ana);

    t.clock.advance(30 * DAY - MINUTE);
    expect((await runSignoffJobs(t.deps)).expired).toBe(0);
    expect((await agent.get('/supervision/confirmations')).text).toContain('Waiting; the link expires on');

    t.clock.advance(MINUTE);
    expect((await runSignoffJobs(t.deps)).expired).toBe(1);
    expect((await runSignoffJobs(t.deps)).expired).toBe(0);
    t.clock.advance(DAY);
    expect((await runSignoffJobs(t.deps)).expired).toBe(0);

    const expired = await mails('Your confirmation request');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ to: 'ana@example.org', subject: 'Your confirmation request to Dr Sam Lee has expired' });
    expect(expired[0]!.text).toContain('http://eia.test/supervision/confirmations');
    expect(await db()('outbox').where('to_address', 'pat@example.org').where('subject', 'like', '%expired%')).toEqual([]);

    const audit = await db()('audit_events').where('action', 'signoff.expired');
    expect(audit).toHaveLength(1);
    expect(audit[0].entity_type).toBe('signoff_request');
    expect(audit[0].entity_id).toBe(String(request.id));

    const page = await agent.get('/supervision/confirmations');
    expect(page.text).toMatch(/Expired on \d+ \w+ \d{4}/);
    expect(page.text).toContain('Revoked');
    expect(page.text).toContain('The request to Dr Sam Lee expired unanswered');
    const { token } = await createApiToken(t.deps, ana.id, 'script');
    const api = await t.agent().get('/api/v1/signoff-requests').set('Authorization', `Bearer ${token}`);
    expect(api.body.items.map((item: { id: number; state: string }) => [item.id, item.state])).toEqual([
      [revoked.id, 'revoked'],
      [request.id, 'expired'],
    ]);
  });
});

describe('two app processes on one database', () => {
  test('running the jobs on both at once sends each reminder and each expiry note exactly once', async () => {
    const t2 = createTestApp({ db: testDb.current.reopen(), clock: t.clock });
    const early = [];
    for (let index = 0; index < 4; index += 1) early.push((await ask(t, `early${index}@example.org`)).request);
    t.clock.advance(10 * DAY);
    const late = [];
    for (let index = 0; index < 4; index += 1) late.push((await ask(t2, `late${index}@example.org`)).request);

    const totals = { reminders: 0, expired: 0, digests: 0 };
    // Day 23: the early reminders; day 33: the late reminders and the early expiries; day 41: the late expiries.
    for (const day of [13, 10, 8]) {
      t.clock.advance(day * DAY);
      for (let round = 0; round < 3; round += 1) {
        const results = await Promise.all([runSignoffJobs(t.deps), runSignoffJobs(t2.deps), runSignoffJobs(t.deps), runSignoffJobs(t2.deps)]);
        for (const result of results) for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
      }
    }
    expect(totals).toEqual({ reminders: 8, expired: 8, digests: 0 });
    const reminders = (await mails(REMINDER)).map((mail) => mail.to).sort();
    expect(reminders).toEqual([...early, ...late].map((request) => request.supervisorEmail).sort());
    const expired = await mails('Your confirmation request');
    expect(expired).toHaveLength(8);
    expect(new Set(expired.map((mail) => mail.subject)).size).toBe(1);
    expect(await db()('audit_events').where('action', 'signoff.expired').count<{ count: number }[]>('* as count')).toEqual([{ count: 8 }]);
  });

  test('two answers to the last records of a request sent at once, on two processes, complete it: no reminder or expiry note follows', async () => {
    const t2 = createTestApp({ db: testDb.current.reopen(), clock: t.clock });
    const requests = [];
    for (let index = 0; index < 8; index += 1) requests.push(await ask(t, `both${index}@example.org`, 2));
    await Promise.all(requests.flatMap(({ request, ids }) => [answer(t, request, ids[0]!), answer(t2, request, ids[1]!)]));
    expect(await db()('signoffs').count<{ count: number }[]>('* as count')).toEqual([{ count: 16 }]);
    t.clock.advance(23 * DAY);
    await runSignoffJobs(t.deps);
    t.clock.advance(8 * DAY);
    await runSignoffJobs(t.deps);
    // Every record was answered: neither "please answer" nor "did not answer" may be sent.
    expect((await mails(REMINDER)).map((mail) => mail.to)).toEqual([]);
    expect((await mails('Your confirmation request')).map((mail) => mail.subject)).toEqual([]);
    const states = (await db()('signoff_requests').orderBy('id')).map((row: { state: string }) => row.state);
    expect(states).toEqual(Array(8).fill('completed'));
  });
});

describe('the daily digest', () => {
  test('a supervisor with an account gets one digest of what they answered yesterday; a second run or process sends none; no account, no digest', async () => {
    const t2 = createTestApp({ db: testDb.current.reopen(), clock: t.clock });
    await makeUser(t.deps, ['supervisor'], { email: 'sam@example.org', name: 'Dr Sam Lee' });
    const sam = await ask(t, 'sam@example.org', 2);
    const pat = await ask(t, 'pat@example.org');
    await answer(t, sam.request, sam.ids[0]!);
    await answer(t, sam.request, sam.ids[1]!, { action: 'decline', fullName: 'Dr Sam Lee', reason: 'We did not meet.' });
    await answer(t, pat.request, pat.ids[0]!, { ...confirm, fullName: 'Pat Doe' });

    // The same day: yesterday had no answers.
    expect((await runSignoffJobs(t.deps)).digests).toBe(0);
    expect(await mails(DIGEST)).toEqual([]);

    t.clock.advance(DAY);
    const results = await Promise.all([runSignoffJobs(t.deps), runSignoffJobs(t2.deps), runSignoffJobs(t.deps), runSignoffJobs(t2.deps)]);
    expect(results.reduce((sum, result) => sum + result.digests, 0)).toBe(1);
    expect((await runSignoffJobs(t2.deps)).digests).toBe(0);
    t.clock.advance(DAY);
    expect((await runSignoffJobs(t.deps)).digests).toBe(0);

    const digests = await mails(DIGEST);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.to).toBe('sam@example.org');
    expect(digests[0]!.text).toContain('Hello Dr Sam Lee');
    expect(digests[0]!.text).toContain('Ana Kowalska: 10 March 2026, 1 h: confirmed');
    expect(digests[0]!.text).toContain('Ana Kowalska: 11 March 2026, 1.5 h: declined');
    expect(digests[0]!.text).not.toContain('Pat');
    expect(await db()('digests_sent').select('email')).toEqual([{ email: 'sam@example.org' }]);
  });
});
