import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { lastMailTo, linkIn } from '../support/outbox';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { routeTable } from '../support/route-table';
import { createRecord } from '../../src/domain/records/record-service';
import { requestConfirmation } from '../../src/domain/signoff/signoff-service';
import { submitPortfolio } from '../../src/domain/submission/submission-service';
import { assignAssessor } from '../../src/domain/submission/assessment-service';
import { previewImport } from '../../src/domain/import/import-batch-service';
import { awaitRender, requestDraftPdf } from '../../src/domain/rendering/pdf-render-service';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { requestPasswordReset } from '../../src/domain/accounts/password-reset-service';
import { sendEmailVerification } from '../../src/domain/accounts/email-verification-service';
import { portfolioOf } from '../../src/domain/portfolio/portfolio-service';
import { RECORD_DEFINITIONS } from '../../src/domain/records';
import { addAward } from '../../src/domain/awards/award-service';

/**
 * The access matrix, enumerated from the app's own route table: every route the app answers
 * must be listed here with who may reach it, so a new route fails this test until someone
 * decides. For each route and each actor who may not reach it, the request (with a valid
 * CSRF token, so the refusal is the access rule's) is refused and changes nothing; every GET
 * an allowed actor makes changes nothing either; every state-changing page route refuses a
 * request without its CSRF token. The API takes only bearer tokens (a browser's cookie is not
 * enough), which is why it needs no CSRF token.
 */

const ACTORS = ['anonymous', 'applicant', 'otherApplicant', 'supervisor', 'assessor', 'otherAssessor', 'admin'] as const;
type Actor = (typeof ACTORS)[number];

// Who may reach a route. "owner" routes name the applicant's own rows: another applicant gets 404.
const everyone: Actor[] = [...ACTORS];
const signedIn: Actor[] = ACTORS.filter((actor) => actor !== 'anonymous');
const applicants: Actor[] = ['applicant', 'otherApplicant'];
const owner: Actor[] = ['applicant'];
const supervisor: Actor[] = ['supervisor'];
const assessors: Actor[] = ['assessor', 'otherAssessor'];
const assignedAssessor: Actor[] = ['assessor'];
const admin: Actor[] = ['admin'];

const recordRoutes = (plural: string, routePath: string): Record<string, Actor[]> => ({
  [`GET /api/v1/${plural}`]: applicants,
  [`POST /api/v1/${plural}`]: applicants,
  [`GET /api/v1/${plural}/:id`]: owner,
  [`PATCH /api/v1/${plural}/:id`]: owner,
  [`DELETE /api/v1/${plural}/:id`]: owner,
  [`GET ${routePath}`]: applicants,
  [`GET ${routePath}/new`]: applicants,
  [`POST ${routePath}`]: applicants,
  [`GET ${routePath}/:id`]: owner,
  [`GET ${routePath}/:id/edit`]: owner,
  [`POST ${routePath}/:id`]: owner,
  [`GET ${routePath}/:id/delete`]: owner,
  [`POST ${routePath}/:id/delete`]: owner,
  [`GET ${routePath}.csv`]: applicants,
});

const MATRIX: Record<string, Actor[]> = {
  'GET /healthz': everyone,
  'GET /api/v1/openapi.json': everyone,
  'GET /api/v1/me': signedIn,
  'GET /api/v1/portfolio.pdf': applicants,
  'GET /api/v1/portfolio': applicants,
  'PATCH /api/v1/portfolio': applicants,
  ...recordRoutes('practice', '/practice'),
  ...recordRoutes('supervision', '/supervision'),
  ...recordRoutes('cpd', '/cpd'),
  ...recordRoutes('contributions', '/contributions'),
  ...recordRoutes('feedback', '/feedback'),
  ...recordRoutes('reflections', '/reflections'),
  ...recordRoutes('supervision-practice', '/supervision-practice'),
  'POST /api/v1/imports': applicants,
  'POST /api/v1/imports/calendar': applicants,
  'GET /api/v1/signoff-requests': applicants,
  'POST /api/v1/signoff-requests': applicants,
  'POST /api/v1/signoff-requests/:id/revoke': owner,
  'POST /api/v1/signoff-requests/:id/resend': owner,
  'POST /api/v1/submissions': applicants,
  // Each sees the submissions they may: their own, those assigned to them, or (administrators) all.
  'GET /api/v1/submissions': signedIn,
  'GET /api/v1/submissions/:id': ['applicant', 'assessor', 'admin'],
  'GET /api/v1/submissions/:id/pdf': ['applicant', 'assessor', 'admin'],
  'GET /api/v1/assessments': assessors,
  'POST /api/v1/assessments/:id/judgements': assignedAssessor,
  'POST /api/v1/assessments/:id/decision': assignedAssessor,
  'GET /api/v1/export': applicants,
  'GET /api/v1/evaluation': applicants,
  'GET /api/v1/awards': applicants,
  'POST /api/v1/awards': applicants,
  'GET /api/v1/awards/:id': owner,
  'PATCH /api/v1/awards/:id': owner,
  'DELETE /api/v1/awards/:id': owner,

  // Gone once the first administrator exists (the form is refused with 409, whatever it holds).
  'GET /setup': [],
  'POST /setup': [],
  'GET /': signedIn,
  'GET /login': everyone,
  'POST /login': everyone,
  'POST /logout': everyone,
  'GET /register': everyone,
  'POST /register': everyone,
  'GET /password/forgot': everyone,
  'POST /password/forgot': everyone,
  'GET /password/reset/:token': everyone,
  'POST /password/reset/:token': everyone,
  'GET /account/password': signedIn,
  'POST /account/password': signedIn,
  'GET /account/verify/:token': everyone,
  'POST /account/verify/:token': everyone,
  'GET /account': signedIn,
  'POST /account/verification': signedIn,
  'GET /account/email': signedIn,
  'POST /account/email': signedIn,
  'GET /account/tokens': signedIn,
  'POST /account/tokens': signedIn,
  'GET /account/delete': signedIn,
  'POST /account/delete': signedIn,
  'POST /account/tokens/:id/revoke': owner,
  'GET /admin/users': admin,
  'POST /admin/users/:id/roles': admin,
  'GET /admin/users/:id/admin': admin,
  'POST /admin/users/:id/admin': admin,
  'POST /admin/registration': admin,
  'GET /admin/outbox': admin,
  'GET /admin/outbox/:id': admin,
  'GET /admin/audit': admin,
  'GET /admin/criteria': admin,
  'POST /admin/criteria': admin,
  'POST /admin/criteria/:id/default': admin,
  'GET /criteria/:id': signedIn,
  'GET /settings': applicants,
  'POST /settings': applicants,
  'GET /portfolio/pdf': applicants,
  'POST /portfolio/pdf': applicants,
  'GET /portfolio.pdf': applicants,
  'GET /submit': applicants,
  'POST /submit': applicants,
  'GET /submissions': applicants,
  'GET /submissions/:id': owner,
  'GET /submissions/:id/pdf': owner,
  'POST /submissions/:id/withdraw': owner,
  'GET /assessments': assessors,
  'GET /assessments/:id': assignedAssessor,
  'POST /assessments/:id/start': assignedAssessor,
  'POST /assessments/:id': assignedAssessor,
  'GET /assessments/:id/pdf': assignedAssessor,
  'GET /assessments/:id/files/:sha256': assignedAssessor,
  'GET /admin/submissions': admin,
  'POST /admin/submissions/:id/assign': admin,
  'GET /supervision/confirmations': applicants,
  'POST /supervision/confirmations': applicants,
  'POST /supervision/confirmations/:id/resend': owner,
  'POST /supervision/confirmations/:id/revoke': owner,
  'POST /supervision/corrections/:id/accept': owner,
  // Sessions the signed-in person confirmed as someone's supervisor, for their own log; another's confirmation is 404.
  'GET /supervision-practice/confirmations': applicants,
  'POST /supervision-practice/confirmations/:id': owner,
  // The emailed link: the token is the proof, no account needed.
  'GET /confirm/:token': everyone,
  'POST /confirm/:token': everyone,
  'GET /requests': supervisor,
  'GET /requests/:id': supervisor,
  'POST /requests/:id': supervisor,
  'GET /verify': everyone,
  'GET /verify/:code': everyone,
  'POST /verify/:code': everyone,
  'GET /export': applicants,
  'GET /export.json': applicants,
  'GET /schemas/:name.schema.json': everyone,
  'POST /export/restore': applicants,
  'GET /import': applicants,
  'GET /import/templates/:kind': applicants,
  'POST /import': applicants,
  'GET /import/:id': owner,
  'POST /import/:id/commit': owner,
  'POST /import/calendar': applicants,
  'POST /import/:id/calendar-rules': owner,
  'GET /files': applicants,
  'POST /files': applicants,
  'GET /files/:id': owner,
  'GET /files/:id/download': owner,
  'GET /files/:id/preview': owner,
  'POST /files/:id/links': owner,
  'POST /files/:id/unlink': owner,
  'POST /files/:id/delete': owner,
  'GET /evaluation/:requirement': applicants,
  'GET /competences': applicants,
  'GET /compare': applicants,
  'GET /awards': applicants,
  'GET /awards/new': applicants,
  'POST /awards': applicants,
  'GET /awards/:id/edit': owner,
  'POST /awards/:id': owner,
  'GET /awards/:id/delete': owner,
  'POST /awards/:id/delete': owner,
  'GET /awards/:id/renewal': owner,
  'GET /awards/:id/renewal.pdf': owner,
  'POST /awards/:id/renewal': owner,
  'POST /awards/:id/renewal/pdf': owner,
  'GET /renders/:id': owner,
  'GET /renders/:id/pdf': owner,
  'POST /api/v1/portfolio/pdf-renders': applicants,
  'GET /api/v1/pdf-renders/:id': owner,
  'GET /api/v1/pdf-renders/:id/pdf': owner,
};

// Tables whose rows record that something was asked, not what the portfolio holds.
const BOOKKEEPING = new Set(['sessions', 'rate_limits', 'audit_events', 'knex_migrations', 'knex_migrations_lock', 'idempotency_keys']);
// Columns that note use, not state: when a token was last used, when a supervisor last opened a request.
const USE_COLUMNS = new Set(['last_used_at']);

const testDb = useTestDb({ shared: true });
const db = () => testDb.current.db;
let t: TestApp;
const agents = {} as Record<Actor, ReturnType<TestApp['agent']>>;
const csrf = {} as Record<Actor, string>;
const bearer = {} as Record<Actor, string | undefined>;
const params: Record<string, string> = {};

beforeAll(async () => {
  t = createTestApp({ db: db(), rateLimits: { verifyPerIp: { points: 10_000, windowSeconds: 60 } } });
  const users = {
    applicant: await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Applicant' }),
    otherApplicant: await makeUser(t.deps, ['applicant'], { email: 'ben@example.org', name: 'Ben Other' }),
    supervisor: await makeUser(t.deps, ['supervisor'], { email: 'sue@supervision.example', name: 'Sue Supervisor' }),
    assessor: await makeUser(t.deps, ['assessor'], { email: 'asa@assessors.example', name: 'Asa Assessor' }),
    otherAssessor: await makeUser(t.deps, ['assessor'], { email: 'oto@assessors.example', name: 'Oto Assessor' }),
    admin: await makeUser(t.deps, ['admin'], { email: 'admin@example.org', name: 'Ada Admin' }),
  };
  const ana = users.applicant.id;
  // Ana's portfolio: a record of each kind, files, a submission assigned to Asa, a request to Sue, an import preview.
  const sample = await makeSamplePortfolio(t.deps, ana);
  await portfolioOf(t.deps, users.otherApplicant.id);
  const withSue = await createRecord(t.deps, ana, 'supervision', { date: '2026-11-10', hours: 1, supervisorName: 'Sue Supervisor', supervisorEmail: 'sue@supervision.example', format: 'individual' });
  const request = await requestConfirmation(t.deps, ana, [withSue.id]);
  const given = await createRecord(t.deps, ana, 'supervision_practice', { superviseeCode: 'S-001', date: '2026-11-12', hours: 1, format: 'individual' });
  const submission = await submitPortfolio(t.deps, ana, { level: 'practitioner', declarations: ['ethics', 'diversity'] });
  const award = await addAward(t.deps, ana, { scheme: 'emcc_eia', level: 'practitioner', awardedOn: '2022-02-03' });
  await assignAssessor(t.deps, users.admin.id, submission.id, users.assessor.id, false);
  const batch = await previewImport(t.deps, ana, {
    kind: 'practice',
    clientCodeRule: 'initials',
    fileName: 'practice-template.csv',
    bytes: readFileSync(path.join(__dirname, '..', 'fixtures', 'import', 'practice-template.csv')),
  });
  const firstOf = async (table: string) => String((await db()(table).orderBy('id').first()).id);
  const image = await db()('evidence_files').where('media_type', 'image/png').first();
  const appended = await db()('submissions').where('id', submission.id).first();
  // A draft rendered in the background, ready to download.
  const render = await awaitRender(t.deps, await requestDraftPdf(t.deps, ana, { level: 'foundation' }));
  expect(render.status).toBe('ready');
  await requestPasswordReset(t.deps, 'ben@example.org');
  await sendEmailVerification(t.deps, db(), users.otherApplicant);

  for (const actor of ACTORS) {
    agents[actor] = t.agent();
    if (actor !== 'anonymous') {
      await signInAs(agents[actor], users[actor]);
      bearer[actor] = (await createApiToken(t.deps, users[actor].id, 'matrix')).token;
    }
    csrf[actor] = csrfTokenIn((await agents[actor].get(actor === 'anonymous' ? '/login' : '/account')).text);
  }
  Object.assign(params, {
    'practice/:id': String(sample.practiceIds[0]),
    'supervision/:id': String(sample.supervisionIds[0]),
    'cpd/:id': String(sample.cpdId),
    'contributions/:id': await firstOf('contributions'),
    'feedback/:id': await firstOf('feedback_items'),
    'reflections/:id': await firstOf('reflections'),
    'supervision-practice/:id': String(given.id),
    'signoff-requests/:id': String(request.id),
    'confirmations/:id': String(request.id),
    'corrections/:id': '1',
    'requests/:id': String(request.id),
    'confirm/:token': linkIn((await lastMailTo(db(), 'sue@supervision.example'))!.text)
      .split('/')
      .pop()!,
    'submissions/:id': String(submission.id),
    'awards/:id': String(award.id),
    'renders/:id': String(render.id),
    'pdf-renders/:id': String(render.id),
    'assessments/:id': String(submission.id),
    'files/:sha256': firstAppendedSha(appended),
    'files/:id': String(image.id),
    'import/:id': String(batch.id),
    'templates/:kind': 'practice.csv',
    'schemas/:name': 'portfolio-export',
    'evaluation/:requirement': 'practitioner.hours',
    'users/:id': String(ana),
    'outbox/:id': String((await db()('outbox').orderBy('id').first()).id),
    'criteria/:id': 'emcc-eia',
    'tokens/:id': String((await db()('api_tokens').where('user_id', ana).first()).id),
    'reset/:token': linkIn((await lastMailTo(db(), 'ben@example.org'))!.text)
      .split('/')
      .pop()!,
    'verify/:token': linkIn((await db()('outbox').where('subject', 'Confirm your email address for EIA Portfolio').orderBy('id', 'desc').first()).body_text)
      .split('/')
      .pop()!,
    'verify/:code': String(submission.verificationCode),
  });
}, 120_000);

function firstAppendedSha(submission: { snapshot: unknown }): string {
  const snapshot = (typeof submission.snapshot === 'string' ? JSON.parse(submission.snapshot) : submission.snapshot) as { files?: { sha256: string }[] };
  return snapshot.files?.[0]?.sha256 ?? 'none';
}

/** A route's pattern with this world's ids in place of its parameters. */
function urlOf(pattern: string): string {
  const url = pattern.replace(/([\w.-]+)\/:(\w+)/g, (_whole, segment: string, name: string) => {
    const key = pattern.startsWith('/account/verify') && name === 'token' ? 'verify/:token' : `${segment}/:${name}`;
    const value = params[key];
    if (value === undefined) throw new Error(`No value for ${key} in ${pattern}: add it to the matrix's world`);
    return `${segment}/${value}`;
  });
  return url;
}

const routes = () => routeTable(t.app).map(({ method, path: pattern }) => ({ key: `${method} ${pattern}`, method, pattern }));
const isApi = (pattern: string) => pattern.startsWith('/api/');

function send(actor: Actor, method: string, pattern: string, withToken = true) {
  const url = urlOf(pattern);
  if (isApi(pattern)) {
    const call = t.agent()[method.toLowerCase() as 'get'](url);
    const token = bearer[actor];
    return (token ? call.set('Authorization', `Bearer ${token}`) : call).type('json').send(method === 'GET' ? undefined : {});
  }
  const agent = agents[actor];
  if (method === 'GET') return agent.get(url);
  // The token goes in the query as well: upload routes check it before reading their multipart body.
  const query = withToken ? `${url.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(csrf[actor])}` : '';
  return agent[method.toLowerCase() as 'post'](url + query)
    .type('form')
    .send(withToken ? { _csrf: csrf[actor] } : {});
}

function isRefusal(response: { status: number; text: string; headers: Record<string, string> }): boolean {
  if ([401, 403, 404].includes(response.status)) return true;
  if (response.status === 409 && response.text.includes('already has an administrator')) return true;
  return response.status === 303 && String(response.headers.location).startsWith('/login');
}

/** A fingerprint of every table that holds state, to prove a request changed nothing. */
async function stateFingerprint(): Promise<Record<string, string>> {
  const tables: { table_name: string }[] = (await db().raw("select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name")).rows;
  const fingerprint: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    if (BOOKKEEPING.has(table)) continue;
    const columns: string[] = (await db().raw('select column_name from information_schema.columns where table_schema = current_schema() and table_name = ? order by ordinal_position', [table])).rows.map(
      (row: { column_name: string }) => row.column_name,
    );
    const kept = columns.filter((column) => !USE_COLUMNS.has(column)).map((column) => `"${column}"`);
    const row = (await db().raw(`select count(*)::int as n, md5(coalesce(string_agg(row_text, '|' order by row_text), '')) as digest from (select (${kept.join(', ')})::text as row_text from "${table}") t`)).rows[0];
    fingerprint[table] = `${row.n}:${row.digest}`;
  }
  return fingerprint;
}

test('every route the app answers is in the matrix, and every route in the matrix exists', () => {
  const keys = routes().map((route) => route.key);
  expect(keys.filter((key) => !(key in MATRIX))).toEqual([]);
  expect(Object.keys(MATRIX).filter((key) => !keys.includes(key))).toEqual([]);
});

test('the fingerprint notices a change, so “nothing changes” below means something', async () => {
  const before = await stateFingerprint();
  await db()('settings').insert({ key: 'matrixProbe', value: JSON.stringify(true) });
  const after = await stateFingerprint();
  await db()('settings').where('key', 'matrixProbe').delete();
  expect(after.settings).not.toEqual(before.settings);
  expect(await stateFingerprint()).toEqual(before);
});

test('every state-changing page route refuses a request without its CSRF token, and changes nothing', async () => {
  const before = await stateFingerprint();
  const unprotected: string[] = [];
  for (const { key, method, pattern } of routes()) {
    if (method === 'GET' || isApi(pattern)) continue;
    const response = await send('applicant', method, pattern, false);
    if (response.status !== 403) unprotected.push(`${key} → ${response.status}`);
  }
  expect(unprotected).toEqual([]);
  expect(await stateFingerprint()).toEqual(before);
}, 120_000);

test('the API takes bearer tokens only: a signed-in browser’s cookie is not enough to write', async () => {
  const response = await agents.applicant.post('/api/v1/practice').type('json').send({ clientCode: 'C-999', date: '2026-11-01', hours: 1, practiceKind: 'coaching', payment: 'paid', format: 'one_to_one' });
  expect(response.status).toBe(401);
});

test('every actor the matrix does not allow is refused on every route, and nothing changes', async () => {
  const before = await stateFingerprint();
  const leaks: string[] = [];
  for (const { key, method, pattern } of routes()) {
    for (const actor of ACTORS.filter((each) => !MATRIX[key]!.includes(each))) {
      const response = await send(actor, method, pattern);
      if (!isRefusal(response)) leaks.push(`${key} as ${actor} → ${response.status}`);
    }
  }
  expect(leaks).toEqual([]);
  expect(await stateFingerprint()).toEqual(before);
}, 300_000);

test('every actor the matrix allows can read each page and API resource, and no GET changes state', async () => {
  const before = await stateFingerprint();
  const refused: string[] = [];
  for (const { key, method, pattern } of routes()) {
    if (method !== 'GET') continue;
    for (const actor of MATRIX[key]!) {
      const response = await send(actor, method, pattern);
      if (isRefusal(response) || response.status >= 500) refused.push(`${key} as ${actor} → ${response.status}`);
    }
  }
  expect(refused).toEqual([]);
  expect(await stateFingerprint()).toEqual(before);
}, 300_000);

// The record routes in the matrix are generated per kind: make sure the kinds are the app's.
test('the matrix covers every kind of record', () => {
  expect(RECORD_DEFINITIONS.map((definition) => definition.path).sort()).toEqual(['/contributions', '/cpd', '/feedback', '/practice', '/reflections', '/supervision', '/supervision-practice']);
});
