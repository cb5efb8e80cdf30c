import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { submitForm } from '../support/forms';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { RECORD_DEFINITIONS, type RecordType } from '../../src/domain/records';
import type { User } from '../../src/db/repositories/user-repository';
import { routeTable } from '../support/route-table';

/**
 * The OpenAPI document and the server agree: for a sample of bodies per write endpoint (a good
 * one and its mutations: unknown fields, wrong types, hours that would be stored otherwise,
 * dates before 1900, the NUL character), the document's request schema accepts a body exactly
 * when the server does, and what the server accepts it stores as sent.
 */

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let ana: User;
let token: string;
let document: { paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { $ref?: string } } } } }>>; components: { schemas: Record<string, object> } };
let ajv: Ajv;

type Method = 'post' | 'patch';
const api = (method: Method | 'get', url: string, as = token) => t.agent()[method](`/api/v1${url}`).set('Authorization', `Bearer ${as}`);

/** The request schema the document gives for an operation, compiled once. */
const compiled = new Map<string, ValidateFunction>();
function documented(method: Method, path: string): ValidateFunction {
  const key = `${method} ${path}`;
  if (!compiled.has(key)) {
    const schema = document.paths[path]![method]!.requestBody!.content['application/json'].schema;
    compiled.set(key, ajv.compile(schema.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]! : schema));
  }
  return compiled.get(key)!;
}

/** Sends the body and checks that the document and the server agree on it; returns the response. */
async function agree(method: Method, documentPath: string, url: string, body: unknown, as = token) {
  const valid = documented(method, documentPath)(body);
  const response = await api(method, url, as).send(body as object);
  const accepted = response.status >= 200 && response.status < 300;
  if (accepted !== valid || response.status >= 500) {
    throw new Error(
      `${method.toUpperCase()} ${url} ${JSON.stringify(body).slice(0, 300)}: the document ${valid ? 'accepts' : 'refuses'} it, the server answered ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`,
    );
  }
  return response;
}

const GOOD: Record<RecordType, Record<string, unknown>> = {
  practice: { clientCode: 'C-017', date: '2026-03-12', hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', sponsor: 'Acme' },
  supervision: { date: '2026-02-01', hours: 1.25, supervisorName: 'Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual', themes: 'Contracting' },
  cpd: { title: 'Course', provider: 'Henley', startDate: '2026-01-10', endDate: '2026-01-11', hours: 12, kind: 'training_course' },
  contribution: { kind: 'talk', title: 'Talk', date: '2026-02-20', hours: 2, description: 'At the chapter.' },
  feedback: { date: '2026-02-21', clientCode: 'C-017', channel: 'written', summary: 'Clear goals.' },
  reflection: { kind: 'case_study', date: '2026-02-02', title: 'Case', text: 'Body', competences: ['evaluation', 'understanding_self'] },
  supervision_practice: { superviseeCode: 'S-004', date: '2026-02-03', hours: 1.5, format: 'individual', notes: 'Contracting' },
};
const TEXT_FIELD: Record<RecordType, string> = { practice: 'sponsor', supervision: 'themes', cpd: 'title', contribution: 'title', feedback: 'summary', reflection: 'title', supervision_practice: 'notes' };
const DATE_FIELD: Record<RecordType, string> = { practice: 'date', supervision: 'date', cpd: 'startDate', contribution: 'date', feedback: 'date', reflection: 'date', supervision_practice: 'date' };

/** A good body and its mutations, each a body the document and the server must agree on. */
function samples(type: RecordType): Record<string, unknown>[] {
  const good = GOOD[type];
  const text = TEXT_FIELD[type];
  const date = DATE_FIELD[type];
  const withHours = 'hours' in good;
  return [
    good,
    { ...good, id: 99, createdAt: '2026-01-01T00:00:00Z' },
    { ...good, unknownField: 'x' },
    { ...good, [text]: 5 },
    { ...good, [text]: 'has a \u0000 in it' },
    { ...good, [text]: ['a list'] },
    { ...good, [date]: '0000-01-01' },
    { ...good, [date]: '1899-12-31' },
    { ...good, [date]: '2026-02-30' },
    { ...good, [date]: 20260301 },
    ...(withHours
      ? [
          { ...good, hours: true },
          { ...good, hours: '1.5' },
          { ...good, hours: 0.004 },
          { ...good, hours: 1.005 },
          { ...good, hours: 1.15 },
          { ...good, hours: 0.1 + 0.2 },
          { ...good, hours: 1e308 },
          { ...good, hours: null },
        ]
      : []),
  ];
}

beforeEach(async () => {
  t = createTestApp({ db: db() });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  token = (await createApiToken(t.deps, ana.id, 'contract')).token;
  document = (await t.agent().get('/api/v1/openapi.json')).body;
  ajv = new Ajv({ allErrors: true, strict: false, multipleOfPrecision: 8 });
  addFormats(ajv);
  compiled.clear();
});

test('the document lists exactly the operations the server routes under /api/v1 (both come from one registry)', () => {
  const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((key) => key !== 'parameters')
      .map((method) => `${method.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
  const served = routeTable(t.app)
    .filter((route) => route.path.startsWith('/api/v1/') && route.path !== '/api/v1/openapi.json')
    .map((route) => `${route.method} ${route.path}`);
  expect(documented.sort()).toEqual(served.sort());
  expect(served.length).toBeGreaterThanOrEqual(40);
});

test.each(RECORD_DEFINITIONS.map((definition) => [definition.type, definition.path] as const))(
  '%s: creating, the document and the server agree on every sample, and what is accepted reads back as sent',
  async (type, path) => {
    for (const body of samples(type)) {
      const response = await agree('post', path, path, body);
      if (response.status !== 201) continue;
      const stored = (await api('get', `${path}/${response.body.id}`)).body;
      const { id: _id, createdAt: _created, ...sent } = body;
      for (const [key, value] of Object.entries(sent)) {
        // A number sent with float noise (0.1 + 0.2) is the decimal it stands for.
        if (typeof value === 'number') expect(stored[key]).toBeCloseTo(value, 8);
        else expect([key, stored[key]]).toEqual([key, value]);
      }
    }
  },
);

test.each(RECORD_DEFINITIONS.map((definition) => [definition.type, definition.path] as const))('%s: changing, the document and the server agree, and a refused change stores nothing', async (type, path) => {
  const created = await api('post', path).send(GOOD[type]);
  const url = `${path}/${created.body.id}`;
  const before = (await api('get', url)).body;
  const text = TEXT_FIELD[type];
  const optional = type === 'practice' ? 'sponsor' : type === 'supervision' ? 'themes' : type === 'cpd' ? 'provider' : type === 'contribution' ? 'description' : undefined;
  const patches: Record<string, unknown>[] = [{ misspelt: 1 }, { [text]: 7 }, { [DATE_FIELD[type]]: '0000-01-01' }, { [DATE_FIELD[type]]: null }, ...('hours' in GOOD[type] ? [{ hours: true }, { hours: 0.004 }] : [])];
  for (const patch of patches) {
    await agree('patch', `${path}/{id}`, url, patch);
    expect((await api('get', url)).body).toEqual(before);
  }
  if (optional) {
    await agree('patch', `${path}/{id}`, url, { [optional]: null });
    expect((await api('get', url)).body[optional]).toBeUndefined();
  }
  await agree('patch', `${path}/{id}`, url, { [text]: 'Changed' });
  expect((await api('get', url)).body[text]).toBe('Changed');
});

test('portfolio settings: a misspelt field is named and nothing is stored; types are not coerced; the criteria set can change', async () => {
  const misspelt = await agree('patch', '/portfolio', '/portfolio', { emccMembershipNumbr: 'EMCC-1' });
  expect(misspelt.status).toBe(422);
  expect(misspelt.body.error.errors).toEqual([{ path: '/emccMembershipNumbr', message: expect.stringContaining('“emccMembershipNumbr” is not a field here: remove it or correct its name') }]);
  expect((await api('get', '/portfolio')).body.emccMembershipNumber).toBeNull();
  for (const body of [
    { displayName: 42 },
    { firstPracticeDate: '0000-01-01' },
    { firstPracticeDate: 2019 },
    { displayName: 'Ana\u0000' },
    { displayName: null },
    { practiceRole: 'coach', targetLevel: ['practitioner'] },
  ]) {
    expect((await agree('patch', '/portfolio', '/portfolio', body)).status).toBe(422);
  }
  const changed = await agree('patch', '/portfolio', '/portfolio', { emccMembershipNumber: 'EMCC-1', criteriaSet: 'icf-credentials', targetLevel: 'pcc', updatedAt: 'ignored' });
  expect(changed.body).toMatchObject({ emccMembershipNumber: 'EMCC-1', criteriaSet: 'icf-credentials', targetLevel: 'pcc' });
  await agree('patch', '/portfolio', '/portfolio', { emccMembershipNumber: null });
  expect((await api('get', '/portfolio')).body.emccMembershipNumber).toBeNull();
});

test('the cases named in the issue each get 422, naming the field, and store nothing', async () => {
  const good = GOOD.practice;
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ ...good, memberhsip: 'x' }, '/memberhsip', /“memberhsip” is not a field here/],
    [{ ...good, hours: true }, '/hours', /as a number greater than 0/],
    [{ ...good, hours: 0.004 }, '/hours', /with at most two decimals/],
    [{ ...good, date: '0000-01-01' }, '/date', /as a date from 1900 on/],
    [{ ...good, sponsor: 'NUL\u0000' }, '/sponsor', /NUL character/],
  ];
  for (const [body, path, message] of cases) {
    const response = await api('post', '/practice').send(body);
    expect(response.status).toBe(422);
    expect(response.body.error.errors).toEqual([{ path, message: expect.stringMatching(message) }]);
  }
  expect(await db()('practice_entries').count('* as n').first()).toEqual({ n: 0 });
});

test('supervision requests, submissions, judgements and decisions: the document and the server agree', async () => {
  const { supervisionIds } = await makeSamplePortfolio(t.deps, ana.id, { files: false });
  for (const body of [{ recordIds: '12' }, { recordIds: [] }, { recordIds: [1.5] }, { recordIds: ['1'] }, { recordIds: [supervisionIds[3]], extra: true }, {}])
    await agree('post', '/signoff-requests', '/signoff-requests', body);
  expect((await agree('post', '/signoff-requests', '/signoff-requests', { recordIds: [supervisionIds[3]] })).status).toBe(201);

  for (const body of [
    { level: 'practitioner' },
    { level: 'practitioner', declarations: { ethics: 'yes' } },
    { level: 'practitioner', declarations: { ethics: true, diversity: true }, blindAppendices: 'no' },
    { level: 3, declarations: {} },
    { declarations: { ethics: true, diversity: true } },
    { level: 'practitioner', previousId: 1.5, declarations: {} },
    { level: 'practitioner', declarations: { ethics: true, diversity: true }, note: 'hi' },
  ]) {
    await agree('post', '/submissions', '/submissions', body);
  }
  const submitted = await agree('post', '/submissions', '/submissions', { level: 'practitioner', declarations: { ethics: true, diversity: true }, blindAppendices: false });
  expect(submitted.status).toBe(201);
  expect(await db()('submissions').where('id', submitted.body.id).first('blind_appendices')).toEqual({ blind_appendices: false });

  const admin = await makeUser(t.deps, ['admin']);
  const assessor = await makeUser(t.deps, ['assessor'], { email: 'assessor@example.org' });
  const adminAgent = t.agent();
  await signInAs(adminAgent, admin);
  await submitForm(adminAgent, '/admin/submissions', { assessorId: String(assessor.id) }, `/admin/submissions/${submitted.body.id}/assign`);
  const assessorToken = (await createApiToken(t.deps, assessor.id, 'assess')).token;
  const judgements = `/assessments/${submitted.body.id}/judgements`;
  for (const body of [
    { judgements: 'all met' },
    { judgements: [{ requirementId: 'practitioner.hours', judgement: 'brilliant' }] },
    { judgements: [{ judgement: 'met' }] },
    { judgements: [{ requirementId: 'practitioner.hours', comment: 5 }] },
    { competences: [{ id: 'evaluation', comment: 'x'.repeat(5001) }] },
    { judgements: [], extra: 1 },
  ]) {
    await agree('post', '/assessments/{id}/judgements', judgements, body, assessorToken);
  }
  expect(
    (
      await agree(
        'post',
        '/assessments/{id}/judgements',
        judgements,
        { judgements: [{ requirementId: 'practitioner.hours', judgement: 'met', comment: 'Fine.' }], competences: [{ id: 'evaluation', comment: 'Good.' }] },
        assessorToken,
      )
    ).status,
  ).toBe(200);
  const decision = `/assessments/${submitted.body.id}/decision`;
  for (const body of [{ recommendation: 'award' }, { recommendation: 'maybe', feedback: 'x' }, { recommendation: 'award', feedback: '' }, { recommendation: 'award', feedback: 'ok', cc: 'me' }])
    await agree('post', '/assessments/{id}/decision', decision, body, assessorToken);
  expect((await agree('post', '/assessments/{id}/decision', decision, { recommendation: 'award', feedback: 'Well evidenced.' }, assessorToken)).status).toBe(200);
});
