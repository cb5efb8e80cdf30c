import type request from 'supertest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { projectRoot } from '../../src/paths';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { formBody, csrfTokenIn, submitForm } from '../support/forms';
import { lastMailTo, linkIn } from '../support/outbox';
import { PdfFile } from '../support/pdf-tools';
import { createRecord, updateRecord } from '../../src/domain/records/record-service';
import { acceptCorrection, requestConfirmation, revokeRequest } from '../../src/domain/signoff/signoff-service';
import { answerRecord, type AnswerInput } from '../../src/domain/signoff/supervisor-answers';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { addDays } from '../../src/domain/evaluation/windows';
import { formatIsoDate, isoDay } from '../../src/domain/dates';
import type { ConfirmationState } from '../../src/domain/vocabulary';
import type { User } from '../../src/db/repositories/user-repository';

/**
 * One supervision record in each of the nine confirmation statuses, followed through every
 * surface that shows them: the API's records and evaluation, the dashboard, the requirement's
 * page, the assessor's page and the submitted PDF. EMCC's set counts every status but a
 * decline, so the figures are the same everywhere: 7.5 h counted (2.25 h confirmed, 5.25 h
 * not), 2 h declined and not counted.
 */

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;

const REQUIREMENT = 'senior_practitioner.supervision';
const meta = { ip: '127.0.0.1', userAgent: 'test' };
const DAY = 86_400_000;

/** The record of each status: its hours as logged (a correction changes one), and the words it is shown in. */
const PLAN: { state: ConfirmationState; hours: number; counted: number }[] = [
  { state: 'confirmed', hours: 1, counted: 1 },
  { state: 'correction_accepted', hours: 0.75, counted: 1.25 },
  { state: 'awaiting_answer', hours: 1.5, counted: 1.5 },
  { state: 'correction_proposed', hours: 0.5, counted: 0.5 },
  { state: 'declined', hours: 2, counted: 0 },
  { state: 'changed_after_answer', hours: 1.1, counted: 1.1 },
  { state: 'request_expired', hours: 0.6, counted: 0.6 },
  { state: 'request_revoked', hours: 0.4, counted: 0.4 },
  { state: 'never_asked', hours: 1.15, counted: 1.15 },
];
const BREAKDOWN =
  'Counted: 1 h confirmed, 1.25 h confirmed with a correction, 1.5 h awaiting the supervisor’s answer, 0.5 h correction proposed, 1.1 h changed after the supervisor’s answer, 0.6 h request expired, 0.4 h request revoked, 1.15 h never asked. Not counted: 2 h declined by the supervisor.';

const binary = (call: request.Test) =>
  call.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });
/** Text without markup and with single spaces, so a sentence can be found whatever wraps it. */
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

let ids: Record<ConfirmationState, number>;
let declinedOn: string;

async function ask(recordIds: number[]): Promise<string> {
  await requestConfirmation(t.deps, ana.id, recordIds);
  return linkIn((await lastMailTo(db(), 'sam@example.org'))!.text)
    .split('/')
    .pop()!;
}
const reply = (token: string, id: number, input: Omit<AnswerInput, 'fullName'>) => answerRecord(t.deps, { token }, id, { fullName: 'Dr Sam Lee', ...input }, meta);

beforeEach(async () => {
  t = createTestApp({ db: db() });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana Kowalska', firstPracticeDate: '2019-01-01', criteriaSet: 'emcc-eia', targetLevel: 'senior_practitioner' });
  const today = isoDay(t.clock.now());
  const created = {} as Record<ConfirmationState, number>;
  for (const [index, { state, hours }] of PLAN.entries()) {
    const record = await createRecord(t.deps, ana.id, 'supervision', {
      date: addDays(today, -30 * (index + 1)),
      hours,
      supervisorName: 'Dr Sam Lee',
      supervisorEmail: 'sam@example.org',
      format: 'individual',
      themes: `Session ${index + 1}`,
    });
    created[state] = record.id;
  }
  ids = created;
  // Expired first: its link lapses while the others are asked and answered.
  await ask([ids.request_expired]);
  t.clock.advance(31 * DAY);
  const token = await ask([ids.confirmed, ids.correction_accepted, ids.correction_proposed, ids.declined, ids.changed_after_answer]);
  await reply(token, ids.confirmed, { action: 'confirm', declaration: true });
  await reply(token, ids.correction_accepted, { action: 'correct', proposedHours: 1.25 });
  await reply(token, ids.correction_proposed, { action: 'correct', proposedHours: 0.25, reason: 'Half an hour was a phone call.' });
  await reply(token, ids.declined, { action: 'decline', reason: 'We did not meet that month.' });
  await reply(token, ids.changed_after_answer, { action: 'confirm', declaration: true });
  declinedOn = isoDay(t.clock.now());
  const correction = await db()('signoffs').where('supervision_id', ids.correction_accepted).first();
  await acceptCorrection(t.deps, ana.id, correction.id);
  const changed = await db()('supervision_entries').where('id', ids.changed_after_answer).first();
  await updateRecord(t.deps, ana.id, 'supervision', ids.changed_after_answer, {
    date: changed.date,
    hours: 1.1,
    supervisorName: 'Dr Sam Lee',
    supervisorEmail: 'sam@example.org',
    format: 'individual',
    themes: 'Session 6, with notes added later',
  });
  await ask([ids.request_revoked]);
  await revokeRequest(t.deps, ana.id, (await db()('signoff_requests').orderBy('id', 'desc').first()).id);
  await ask([ids.awaiting_answer]);
  agent = t.agent();
  await signInAs(agent, ana);
}, 60_000);

test('the API gives every record its status, and the evaluation counts all but the decline, which it lists as excluded with its date', async () => {
  const { token } = await createApiToken(t.deps, ana.id, 'statuses');
  const api = (url: string) => t.agent().get(`/api/v1${url}`).set('Authorization', `Bearer ${token}`);
  const records = (await api('/supervision?limit=100')).body.items as { id: number; hours: number; confirmation: { state: string } }[];
  for (const { state } of PLAN) expect(records.find((record) => record.id === ids[state])!.confirmation.state).toBe(state);
  expect(records.find((record) => record.id === ids.correction_accepted)!.hours).toBe(1.25);

  const evaluation = (await api('/evaluation?include=records')).body;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  expect(ajv.validate(JSON.parse(readFileSync(path.join(projectRoot, 'schemas', 'evaluation.schema.json'), 'utf8')), evaluation)).toBe(true);
  const result = evaluation.levels.flatMap((level: { requirements: unknown[] }) => level.requirements).find((requirement: { id: string }) => requirement.id === REQUIREMENT);
  expect(result).toMatchObject({ met: true, actual: 7.5, required: 4, supervisionHours: { confirmed: 2.25, unconfirmed: 5.25 } });
  expect(result.confirmations).toEqual(PLAN.map(({ state, counted, hours }) => ({ state, counted: state !== 'declined', records: 1, hours: state === 'declined' ? hours : counted })));
  expect(result.counted).toHaveLength(8);
  expect(result.counted).not.toContain(`supervision:${ids.declined}`);
  expect(result.excluded).toEqual([{ ref: `supervision:${ids.declined}`, reason: `declined by the supervisor on ${formatIsoDate(declinedOn)}` }]);
});

test('the dashboard and the requirement’s page show the same figures, each record with its status and the decline with its reason', async () => {
  const dashboard = plain((await agent.get('/?level=senior_practitioner')).text);
  expect(dashboard).toContain('7.5 h (4 h needed)');
  expect(dashboard).toContain(BREAKDOWN);

  const page = await agent.get(`/evaluation/${REQUIREMENT}`);
  expect(page.status).toBe(200);
  const text = plain(page.text);
  expect(text).toContain(BREAKDOWN);
  expect(text).toContain('Records that count (8)');
  expect(text).toContain('Confirmed by Dr Sam Lee on');
  expect(text).toContain('with the correction they proposed (accepted on');
  expect(text).toContain('Awaiting the answer of Dr Sam Lee');
  expect(text).toContain('Correction proposed by Dr Sam Lee on');
  expect(text).toContain('Not confirmed: changed after the supervisor confirmed it on');
  expect(text).toMatch(/Not confirmed: the request sent to Dr Sam Lee on .+ expired on/);
  expect(text).toMatch(/Not confirmed: the request sent to Dr Sam Lee on .+ was revoked on/);
  expect(text).toContain('Not confirmed: never asked');
  expect(text).toContain('Records that do not count (1)');
  expect(text).toContain(`— declined by the supervisor on ${formatIsoDate(declinedOn)}`);

  // The record's own page quotes the reason as one sentence: no full stop after the closing quote.
  const record = plain((await agent.get(`/supervision/${ids.declined}`)).text);
  expect(record).toContain('We did not meet that month.” Ask for confirmation');
  expect(record).not.toContain('.”.');
});

test('the submitted PDF and the assessor’s page show each status and the same figures; the decline is not counted', async () => {
  const page = await agent.get('/submit?level=senior_practitioner');
  const submitted = await agent
    .post('/submit')
    .type('form')
    .send(formBody({ level: 'senior_practitioner', declarations: ['ethics', 'diversity'], blindAppendices: 'include', _csrf: csrfTokenIn(page.text) }));
  expect(submitted.status).toBe(303);
  const submission = await db()('submissions').first();

  const pdf = new PdfFile((await binary(agent.get(`/submissions/${submission.id}/pdf`))).body as Buffer);
  const text = pdf.text().replace(/\s+/g, ' ');
  expect(text).toMatch(/4 hours of individual supervision a year 7\.5 of 4 ?h Met/);
  expect(text).toContain(BREAKDOWN);
  expect(text).toMatch(
    /9\.5 ?h of supervision in 9 sessions, 9\.5 ?h of it individual: 1 ?h confirmed; 1\.25 ?h confirmed with a correction; 1\.5 ?h awaiting the supervisor’s answer; 0\.5 ?h correction proposed; 2 ?h declined by the supervisor; 1\.1 ?h changed after the supervisor’s answer; 0\.6 ?h request expired; 0\.4 ?h request revoked; 1\.15 ?h never asked/,
  );
  for (const words of [
    'Confirmed by Dr Sam Lee on',
    'with a correction the applicant accepted (proposed 1.25 h)',
    'Not yet confirmed: asked on',
    'Not confirmed: Dr Sam Lee proposed a correction on',
    'Declined by Dr Sam Lee on',
    '“We did not meet that month.”',
    'Not confirmed: changed after the supervisor confirmed it on',
    'Not confirmed: the request expired on',
    'Not confirmed: the request was revoked on',
    'Not confirmed: never asked',
  ]) {
    expect(text).toContain(words);
  }

  const admin = await makeUser(t.deps, ['admin']);
  const assessor = await makeUser(t.deps, ['assessor'], { email: 'assessor@example.org', name: 'Ida Assessor' });
  const adminAgent = t.agent();
  await signInAs(adminAgent, admin);
  expect((await submitForm(adminAgent, '/admin/submissions', { assessorId: String(assessor.id) }, `/admin/submissions/${submission.id}/assign`)).status).toBe(303);
  const assessorAgent = t.agent();
  await signInAs(assessorAgent, assessor);
  const assessment = plain((await assessorAgent.get(`/assessments/${submission.id}`)).text);
  const item = assessment.slice(assessment.indexOf('4 hours of individual supervision a year'), assessment.indexOf('1 h of supervision per 35 h'));
  expect(item).toContain('7.5 of 4 h');
  expect(item).toContain(BREAKDOWN);
  expect(item).toContain('The 8 records that count');
  expect(item).toContain('Record Confirmation');
  for (const words of ['Confirmed by Dr Sam Lee on', 'Not yet confirmed: asked on', 'Not confirmed: the request expired on', 'Not confirmed: never asked']) expect(item).toContain(words);
  expect(item).toContain('The 1 record that does not count');
  expect(item).toContain(`Declined by Dr Sam Lee on ${formatIsoDate(declinedOn)}: “We did not meet that month.” declined by the supervisor on ${formatIsoDate(declinedOn)}`);
}, 60_000);
