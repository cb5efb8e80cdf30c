import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, fieldError, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { lastMailTo, linkIn } from '../support/outbox';
import { defaultFormFields, row, sendAnswers, signedBy } from '../support/supervisor-form';
import { createRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { contentHash } from '../../src/domain/signoff/confirmation-status';
import { isoDay } from '../../src/domain/dates';
import type { User } from '../../src/db/repositories/user-repository';

// The supervisor answers every session of a request on one page: one name, one declaration, one send.
const testDb = useTestDb();
const db = () => testDb.current.db;
const DAY = 86_400_000;
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;
let ids: number[];

beforeEach(async () => {
  t = createTestApp({ db: db() });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana Kowalska', criteriaSet: 'emcc-eia', targetLevel: 'practitioner' });
  agent = t.agent();
  await signInAs(agent, ana);
  ids = [];
  for (const [index, hours] of [1, 1.5, 1, 2, 1].entries()) {
    const date = isoDay(new Date(t.clock.now().getTime() - (10 + 14 * index) * DAY));
    ids.push((await createRecord(t.deps, ana.id, 'supervision', { date, hours, supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual', themes: `Session ${index + 1}` })).id);
  }
});

async function ask(recordIds = ids): Promise<string> {
  const page = await agent.get('/supervision/confirmations');
  const body = [`_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`, ...recordIds.map((id) => `records=${id}`)].join('&');
  expect((await agent.post('/supervision/confirmations').type('form').send(body)).status).toBe(303);
  return linkIn((await lastMailTo(db(), 'sam@example.org'))!.text);
}

const answers = () => db()('signoffs').orderBy('supervision_id').select('supervision_id', 'decision', 'signer_name', 'reason', 'proposed_date', 'proposed_hours', 'content_hash');
const requestState = async () => (await db()('signoff_requests').first()).state;

test('the page sets every session to Confirm and asks for one name and one declaration', async () => {
  const link = await ask();
  const page = (await t.agent().get(link)).text;
  for (const id of ids) expect(page).toMatch(new RegExp(`name="action-${id}" value="confirm" checked`));
  expect(page.match(/name="fullName"/g)).toHaveLength(1);
  expect(page.match(/name="declaration"/g)).toHaveLength(1);
  expect(page.match(/<button type="submit"/g)).toHaveLength(1);
  expect(page).toContain('Send my answers');
});

test('five sessions are confirmed with one post: five answers, five audit events, each with its content hash; the request is completed', async () => {
  const link = await ask();
  const sam = t.agent();
  const sent = await sendAnswers(sam, link, signedBy());
  expect(sent.status).toBe(303);
  expect(sent.headers.location).toBe(`${link}?answered=1`);
  const saved = await answers();
  expect(saved.map((answer) => [answer.supervision_id, answer.decision, answer.signer_name])).toEqual(ids.map((id) => [id, 'confirmed', 'Dr Sam Lee']));
  for (const answer of saved) {
    const record = await db()('supervision_entries').where('id', answer.supervision_id).first();
    expect(answer.content_hash).toBe(
      contentHash({ date: isoDay(new Date(record.date)), hours: Number(record.hours), supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual', themes: record.themes }),
    );
  }
  const audited = await db()('audit_events').where('action', 'signoff.confirmed').orderBy('entity_id');
  expect(audited.map((event) => Number(event.entity_id))).toEqual(ids);
  expect(await requestState()).toBe('completed');

  const after = await sam.get(sent.headers.location!);
  expect(after.text).toContain('Thank you: your answers have been recorded.');
  expect(after.text.match(/✓ Confirmed by Dr Sam Lee\./g)).toHaveLength(5);
  expect(after.text).not.toContain('<form method="post"');
});

test('confirm, decline and correction in one post are each saved as answered', async () => {
  const link = await ask();
  const sent = await sendAnswers(t.agent(), link, {
    ...signedBy(),
    ...row(ids[1]!, { action: 'decline', reason: 'We did not meet that day.' }),
    ...row(ids[2]!, { action: 'correct', proposedHours: '1:30', reason: 'It ran over.' }),
  });
  expect(sent.status).toBe(303);
  expect((await answers()).map((answer) => [answer.decision, answer.reason, answer.proposed_hours === null ? null : Number(answer.proposed_hours)])).toEqual([
    ['confirmed', null, null],
    ['declined', 'We did not meet that day.', null],
    ['correction', 'It ran over.', 1.5],
    ['confirmed', null, null],
    ['confirmed', null, null],
  ]);
  expect((await db()('audit_events').whereIn('action', ['signoff.confirmed', 'signoff.declined', 'signoff.correction_proposed'])).length).toBe(5);
  const page = (await t.agent().get(link)).text;
  expect(page).toContain('Declined by Dr Sam Lee: “We did not meet that day.”');
  expect(page).toContain('Correction proposed by Dr Sam Lee: 1.5 h.');
});

test('an invalid row re-shows the whole page with every row’s input kept and the error beside that row, and saves nothing', async () => {
  const link = await ask();
  const sam = t.agent();
  const tomorrow = isoDay(new Date(t.clock.now().getTime() + DAY));
  const refused = await sendAnswers(sam, link, {
    fullName: 'Dr Sam Lee',
    ...row(ids[0]!, { action: 'decline', reason: 'Not that week.' }),
    ...row(ids[1]!, { action: 'decline' }),
    ...row(ids[2]!, { action: 'correct', proposedDate: tomorrow }),
    ...row(ids[3]!, { action: 'correct', proposedHours: '30' }),
  });
  expect(refused.status).toBe(422);
  // Row 5 is still a confirmation, so the declaration is needed.
  expect(fieldError(refused.text, 'declaration')).toBe('Tick the declaration to confirm.');
  expect(fieldError(refused.text, `reason-${ids[1]}`)).toMatch(/^Say why you decline/);
  expect(fieldError(refused.text, `proposedDate-${ids[2]}`)).toMatch(/not after today/);
  expect(fieldError(refused.text, `proposedHours-${ids[3]}`)).toMatch(/at most 24/);
  expect(fieldError(refused.text, `reason-${ids[0]}`)).toBeUndefined();
  // The summary names the session each message is about, and links to its field.
  const date = (id: number) => refused.text.match(new RegExp(`id="record-${id}"[\\s\\S]*?<h2>([^:]+):`))![1];
  expect(refused.text).toContain(`<a href="#field-reason-${ids[1]}">Session of ${date(ids[1]!)}: Say why you decline`);
  // Every row's input is kept.
  expect(refused.text).toContain('value="Dr Sam Lee"');
  expect(refused.text).toMatch(new RegExp(`name="action-${ids[0]}" value="decline" checked`));
  expect(refused.text).toContain('>Not that week.</textarea>');
  expect(refused.text).toMatch(new RegExp(`name="proposedDate-${ids[2]}" type="date" value="${tomorrow}"`));
  expect(refused.text).toMatch(new RegExp(`name="proposedHours-${ids[3]}" type="text" value="30"`));
  expect(refused.text).toMatch(new RegExp(`name="action-${ids[4]}" value="confirm" checked`));
  expect(await answers()).toEqual([]);
  expect(await requestState()).toBe('pending');
  // The page shown again with the errors is the same visit: only the first opening is logged.
  expect(await db()('audit_events').where('action', 'signoff.viewed').select('entity_id')).toHaveLength(1);
});

test('a record id that is not in the request is refused and nothing of the post is saved', async () => {
  const link = await ask(ids.slice(0, 2));
  const sam = t.agent();
  const other = await makeUser(t.deps, ['applicant']);
  const foreign = await createRecord(t.deps, other.id, 'supervision', { date: '2026-01-10', hours: 1, supervisorName: 'Sam', supervisorEmail: 'sam@example.org', format: 'individual' });
  for (const forged of [ids[2]!, foreign.id]) {
    const page = await sam.get(link);
    const body = new URLSearchParams([...defaultFormFields(page.text), ['records', String(forged)], ['fullName', 'Dr Sam Lee'], ['declaration', 'true']]);
    expect((await sam.post(link).type('form').send(body.toString())).status).toBe(404);
  }
  expect(await answers()).toEqual([]);
});

test('a row whose answer is missing or unknown is refused, never taken as a confirmation', async () => {
  const link = await ask(ids.slice(0, 2));
  const sam = t.agent();
  const page = await sam.get(link);
  const fields = defaultFormFields(page.text).filter(([name]) => name !== `action-${ids[0]}` && name !== `action-${ids[1]}`);
  const body = new URLSearchParams([...fields, [`action-${ids[1]}`, 'approve'], ['fullName', 'Dr Sam Lee'], ['declaration', 'true']]);
  const refused = await sam.post(link).type('form').send(body.toString());
  expect(refused.status).toBe(422);
  for (const id of ids.slice(0, 2)) expect(fieldError(refused.text, `action-${id}`)).toBe('Choose Confirm, Decline or Propose a correction.');
  expect(await answers()).toEqual([]);
});

test('a replayed post answers nothing twice: the first answers stand and the replay is told the request is closed', async () => {
  const link = await ask(ids.slice(0, 3));
  const sam = t.agent();
  const page = await sam.get(link);
  const body = new URLSearchParams([...defaultFormFields(page.text), ['fullName', 'Dr Sam Lee'], ['declaration', 'true']]).toString();
  expect((await sam.post(link).type('form').send(body)).status).toBe(303);
  const first = await answers();
  expect(first).toHaveLength(3);
  const replay = await sam
    .post(link)
    .type('form')
    .send(body.replace(/action-\d+=confirm/, (field) => field.replace('confirm', 'decline')));
  expect(replay.status).toBe(422);
  expect(replay.text).toContain('This request is no longer open');
  expect(await answers()).toEqual(first);
  expect((await db()('audit_events').where('action', 'signoff.confirmed')).length).toBe(3);
});

test('a post about sessions already answered in another tab saves only the unanswered ones', async () => {
  const link = await ask(ids.slice(0, 3));
  const firstTab = t.agent();
  const secondTab = t.agent();
  const stale = await secondTab.get(link);
  // The first tab sends only the first session (an older page, or a script).
  const firstPage = await firstTab.get(link);
  const ofOthers = ([name, value]: [string, string]) => (name === 'records' ? value !== String(ids[0]) : /-\d+$/.test(name) && !name.endsWith(`-${ids[0]}`));
  const kept = defaultFormFields(firstPage.text).filter((field) => !ofOthers(field));
  expect(
    (
      await firstTab
        .post(link)
        .type('form')
        .send(new URLSearchParams([...kept, ...Object.entries(signedBy('Samuel Lee'))]).toString())
    ).status,
  ).toBe(303);
  const fromStale = new URLSearchParams([...defaultFormFields(stale.text), ['fullName', 'Dr Sam Lee'], ['declaration', 'true'], [`action-${ids[0]}`, 'decline']]);
  expect((await secondTab.post(link).type('form').send(fromStale.toString())).status).toBe(303);
  expect((await answers()).map((answer) => [answer.decision, answer.signer_name])).toEqual([
    ['confirmed', 'Samuel Lee'],
    ['confirmed', 'Dr Sam Lee'],
    ['confirmed', 'Dr Sam Lee'],
  ]);
  expect(await requestState()).toBe('completed');
});

test('a session the applicant changed after the page was opened is refused for that row, and the page shows it as it is now', async () => {
  const link = await ask(ids.slice(0, 2));
  const sam = t.agent();
  const page = await sam.get(link);
  const record = await db()('supervision_entries').where('id', ids[1]).first();
  await submitForm(
    agent,
    `/supervision/${ids[1]}/edit`,
    { date: isoDay(new Date(record.date)), hours: '3', supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual', themes: 'Session 2' },
    `/supervision/${ids[1]}`,
  );
  const body = new URLSearchParams([...defaultFormFields(page.text), ['fullName', 'Dr Sam Lee'], ['declaration', 'true']]);
  const refused = await sam.post(link).type('form').send(body.toString());
  expect(refused.status).toBe(422);
  expect(fieldError(refused.text, `action-${ids[1]}`)).toMatch(/^The applicant changed this session after you opened this page/);
  expect(refused.text).toContain(': 3 h of individual supervision');
  expect(await answers()).toEqual([]);
  // Sent again from the page as it is now, it is accepted.
  expect((await sendAnswers(sam, link, signedBy())).status).toBe(303);
  expect((await answers()).map((answer) => answer.decision)).toEqual(['confirmed', 'confirmed']);
});

test('a supervisor signed in with a verified account answers every session in one post too', async () => {
  await ask(ids.slice(0, 2));
  const samUser = await makeUser(t.deps, ['supervisor'], { email: 'sam@example.org', name: 'Dr Sam Lee' });
  const sam = t.agent();
  await signInAs(sam, samUser);
  const request = await db()('signoff_requests').first();
  const sent = await sendAnswers(sam, `/requests/${request.id}`, { ...signedBy(), ...row(ids[1]!, { action: 'decline', reason: 'Not me.' }) });
  expect(sent.status).toBe(303);
  expect((await answers()).map((answer) => answer.decision)).toEqual(['confirmed', 'declined']);
});
