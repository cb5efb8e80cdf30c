import path from 'node:path';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { RECORD_DEFINITIONS } from '../../src/domain/records';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const testDb = useTestDb();
let t: TestApp;
let token: string;
let otherToken: string;
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'import', name);

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
  token = (await createApiToken(t.deps, ana.id, 'test')).token;
  otherToken = (await createApiToken(t.deps, bob.id, 'test')).token;
});

const api = (method: 'get' | 'post' | 'patch' | 'delete', url: string, as = token) => t.agent()[method](`/api/v1${url}`).set('Authorization', `Bearer ${as}`);

const session = { clientCode: 'C-017', date: '2026-03-12', hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' };

test('practice records: create, list with totals, read, patch, delete', async () => {
  const created = await api('post', '/practice').send(session);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ ...session, id: expect.any(Number) });
  expect(created.headers.location).toBe(`/api/v1/practice/${created.body.id}`);
  await api('post', '/practice').send({ ...session, date: '2026-03-14', hours: 2 });

  const list = await api('get', '/practice?from=2026-03-01&to=2026-03-31');
  expect(list.body.total).toBe(2);
  expect(list.body.hours).toBe(3.5);
  expect(list.body.items.map((item: { date: string }) => item.date)).toEqual(['2026-03-14', '2026-03-12']);

  const patched = await api('patch', `/practice/${created.body.id}`).send({ hours: 2.25, sponsor: 'Acme' });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({ hours: 2.25, sponsor: 'Acme', clientCode: 'C-017' });
  const cleared = await api('patch', `/practice/${created.body.id}`).send({ sponsor: null });
  expect(cleared.body.sponsor).toBeUndefined();
  expect((await api('get', `/practice/${created.body.id}`)).body.hours).toBe(2.25);

  expect((await api('delete', `/practice/${created.body.id}`)).status).toBe(204);
  expect((await api('get', `/practice/${created.body.id}`)).status).toBe(404);
});

test('invalid input gets 422 with the path and reason of each error, and nothing is written', async () => {
  const response = await api('post', '/practice').send({ clientCode: 'C-1', date: '12/03/2026', hours: -1, format: 'triad' });
  expect(response.status).toBe(422);
  expect(response.body.error.code).toBe('validation');
  const paths = response.body.error.errors.map((error: { path: string }) => error.path).sort();
  expect(paths).toEqual(['/date', '/format', '/hours', '/payment', '/practiceKind']);
  expect(response.body.error.errors.find((error: { path: string }) => error.path === '/hours').message).toMatch(/greater than 0/);
  expect((await api('get', '/practice')).body.total).toBe(0);
});

test('every log is reachable through the API', async () => {
  const bodies: Record<string, object> = {
    practice: session,
    supervision: { date: '2026-02-01', hours: 1, supervisorName: 'Sam Lee', format: 'individual' },
    cpd: { title: 'Course', startDate: '2026-01-10', endDate: '2026-01-11', hours: 12, kind: 'training_course' },
    contribution: { kind: 'talk', title: 'Talk', date: '2026-02-20' },
    feedback: { date: '2026-02-21', clientCode: 'C-017', channel: 'written', summary: 'Clear goals.' },
    reflection: { kind: 'case_study', date: '2026-02-02', title: 'Case', text: 'Body', competences: ['evaluation', 'understanding_self'] },
    supervision_practice: { superviseeCode: 'S-004', date: '2026-02-03', hours: 1.5, format: 'group', groupSize: 3 },
  };
  for (const definition of RECORD_DEFINITIONS) {
    const created = await api('post', definition.path).send(bodies[definition.type]);
    expect(created.status).toBe(201);
    expect((await api('get', definition.path)).body.total).toBe(1);
  }
});

test('another user’s record is 404 on read, patch and delete, and stays unchanged', async () => {
  const created = await api('post', '/practice').send(session);
  for (const method of ['get', 'patch', 'delete'] as const) {
    const response = await api(method, `/practice/${created.body.id}`, otherToken).send({ hours: 9 });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  }
  expect((await api('get', `/practice/${created.body.id}`)).body.hours).toBe(1.5);
  expect((await api('get', '/practice', otherToken)).body.total).toBe(0);
});

test('portfolio settings: read and patch, with validation', async () => {
  expect((await api('get', '/portfolio')).body).toMatchObject({ displayName: null, criteriaSet: 'emcc-eia' });
  const patched = await api('patch', '/portfolio').send({ firstPracticeDate: '2020-05-01', targetLevel: 'practitioner' });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({ displayName: 'Ana Kowalska', firstPracticeDate: '2020-05-01', targetLevel: 'practitioner' });
  const refused = await api('patch', '/portfolio').send({ targetLevel: 'grandmaster' });
  expect(refused.status).toBe(422);
  expect(refused.body.error.errors[0].path).toBe('/targetLevel');
});

test('imports: a preview report, then a commit; errors are 422 with row, column and reason', async () => {
  const preview = await api('post', '/imports').field('kind', 'practice').field('commit', 'false').attach('file', fixture('practice-template.csv'));
  expect(preview.status).toBe(200);
  expect(preview.body.layout).toBe('app');
  expect(preview.body.toAdd.length).toBeGreaterThan(0);
  expect((await api('get', '/practice')).body.total).toBe(0);
  const committed = await api('post', '/imports').field('kind', 'practice').field('commit', 'true').attach('file', fixture('practice-template.csv'));
  expect(committed.status).toBe(201);
  expect((await api('get', '/practice')).body.total).toBe(committed.body.imported);

  const bad = await api('post', '/imports').field('kind', 'practice').field('commit', 'true').attach('file', fixture('icf-client-log-two-bad-rows.csv'));
  expect(bad.status).toBe(422);
  expect(bad.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ row: 3, column: 'Start Date' }), expect.objectContaining({ row: 5, column: 'Paid Hours' })]));
  expect((await api('get', '/practice')).body.total).toBe(committed.body.imported);
  const wrongKind = await api('post', '/imports').field('kind', 'diary').attach('file', fixture('practice-template.csv'));
  expect(wrongKind.status).toBe(422);
});

test('the export and the OpenAPI document', async () => {
  await api('post', '/practice').send(session);
  const exported = await api('get', '/export');
  expect(exported.body.records.practice).toHaveLength(1);
  const openapi = await t.agent().get('/api/v1/openapi.json');
  expect(openapi.status).toBe(200);
  expect(openapi.body.openapi).toBe('3.1.0');
  for (const definition of RECORD_DEFINITIONS) {
    expect(Object.keys(openapi.body.paths[definition.path])).toEqual(['get', 'post']);
    expect(Object.keys(openapi.body.paths[`${definition.path}/{id}`])).toEqual(['parameters', 'get', 'patch', 'delete']);
  }
  // Every component is a valid JSON Schema, and the record example validates against its own.
  const ajv = new Ajv({ strict: false });
  addFormats(ajv);
  for (const [name, schema] of Object.entries(openapi.body.components.schemas as Record<string, object>)) ajv.addSchema(schema, `#/components/schemas/${name}`);
  const validatePractice = ajv.compile({ $ref: '#/components/schemas/PracticeInput' });
  expect(validatePractice(session)).toBe(true);
  expect(validatePractice({ ...session, hours: 'lots' })).toBe(false);
});

test('a supervisor’s token cannot reach the portfolio endpoints', async () => {
  const sam = await makeUser(t.deps, ['supervisor']);
  const samToken = (await createApiToken(t.deps, sam.id, 'x')).token;
  expect((await api('get', '/practice', samToken)).status).toBe(403);
  expect((await api('get', '/me', samToken)).status).toBe(200);
});
