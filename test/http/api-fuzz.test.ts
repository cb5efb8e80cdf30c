import fc from 'fast-check';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { submitForm } from '../support/forms';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { FUZZ_RUNS, mutated } from '../support/schema-arbitrary';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { RECORD_DEFINITIONS } from '../../src/domain/records';
import { createRecord } from '../../src/domain/records/record-service';

/**
 * Property-based tests of every JSON write endpoint of the API: bodies generated from the
 * request schemas the OpenAPI document publishes, and mutated (wrong types, unknown keys, huge
 * and odd strings, deep nesting, boundary numbers and dates). FUZZ_RUNS bodies per endpoint
 * (200 by default). Whatever is sent: never a 5xx, and a 2xx only when what is stored reads
 * back as what was sent.
 */

const testDb = useTestDb({ shared: true });
let t: TestApp;
let token: string;
let assessorToken: string;
let document: { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>>; components: { schemas: Record<string, object> } };
const ids: Record<string, number> = {};

const api = (method: 'get' | 'post' | 'patch', url: string, as = token) => t.agent()[method](`/api/v1${url}`).set('Authorization', `Bearer ${as}`);

function schemaOf(path: string, method: 'post' | 'patch'): object {
  const schema = document.paths[path]![method]!.requestBody!.content['application/json']!.schema;
  return schema.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]! : schema;
}

/**
 * Whether a stored value reads back as the one sent: equal, a number equal (to float noise), or
 * gone for null and for an empty list (an empty list is not stored, as nothing is).
 */
function readsBack(sent: Record<string, unknown>, stored: Record<string, unknown>, ignore: string[] = []): boolean {
  return Object.entries(sent).every(([key, value]) => {
    if (ignore.includes(key)) return true;
    if (value === null || (Array.isArray(value) && value.length === 0)) return stored[key] === undefined || stored[key] === null;
    if (typeof value === 'number') return typeof stored[key] === 'number' && Math.abs((stored[key] as number) - value) < 1e-9;
    return JSON.stringify(stored[key]) === JSON.stringify(value);
  });
}

/** Runs the property for one endpoint: never 5xx; on 2xx, `check` must hold. */
async function fuzz(path: string, method: 'post' | 'patch', url: string, check: (body: Record<string, unknown>, response: { status: number; body: Record<string, unknown> }) => Promise<boolean> | boolean, as = token) {
  await fc.assert(
    fc.asyncProperty(mutated(schemaOf(path, method)), async (body) => {
      // Sent as JSON text, so a body that is not an object (a number, null) reaches the server as it is.
      const response = await api(method, url, as).set('Content-Type', 'application/json').send(JSON.stringify(body));
      if (response.status >= 500) throw new Error(`${method.toUpperCase()} ${url} answered ${response.status} to ${JSON.stringify(body).slice(0, 500)}`);
      if (response.status >= 200 && response.status < 300 && !(await check(body as Record<string, unknown>, response))) {
        throw new Error(`${method.toUpperCase()} ${url} accepted ${JSON.stringify(body).slice(0, 500)} but stored something else: ${JSON.stringify(response.body).slice(0, 500)}`);
      }
    }),
    { numRuns: FUZZ_RUNS },
  );
}

beforeAll(async () => {
  t = createTestApp({ db: testDb.current.db });
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  token = (await createApiToken(t.deps, ana.id, 'fuzz')).token;
  document = (await t.agent().get('/api/v1/openapi.json')).body;
  const { supervisionIds } = await makeSamplePortfolio(t.deps, ana.id, { files: false });
  ids.supervision = supervisionIds[3]!;
  ids.supervision_practice = (await createRecord(t.deps, ana.id, 'supervision_practice', { superviseeCode: 'S-001', date: '2026-01-05', hours: 1, format: 'individual' })).id;
  for (const definition of RECORD_DEFINITIONS) ids[definition.type] ??= (await testDb.current.db(definition.table).first('id')).id;
  const submitted = await api('post', '/submissions').send({ level: 'practitioner', declarations: { ethics: true, diversity: true } });
  ids.submission = submitted.body.id;
  const admin = await makeUser(t.deps, ['admin']);
  const assessor = await makeUser(t.deps, ['assessor'], { email: 'assessor@example.org' });
  const adminAgent = t.agent();
  await signInAs(adminAgent, admin);
  await submitForm(adminAgent, '/admin/submissions', { assessorId: String(assessor.id) }, `/admin/submissions/${ids.submission}/assign`);
  assessorToken = (await createApiToken(t.deps, assessor.id, 'fuzz')).token;
}, 120_000);

describe.each(RECORD_DEFINITIONS.map((definition) => [definition.type, definition.path] as const))('%s', (type, path) => {
  test(`POST ${path}: never 5xx, and a created record reads back as sent`, async () => {
    await fuzz(path, 'post', path, async (body, response) => readsBack(body, (await api('get', `${path}/${response.body.id}`)).body, ['id', 'createdAt', 'updatedAt', 'confirmation']));
  }, 300_000);

  test(`PATCH ${path}/{id}: never 5xx, and a change reads back as sent`, async () => {
    await fuzz(`${path}/{id}`, 'patch', `${path}/${ids[type]}`, async (body) => readsBack(body, (await api('get', `${path}/${ids[type]}`)).body, ['id', 'createdAt', 'updatedAt', 'confirmation']));
  }, 300_000);
});

test('PATCH /portfolio: never 5xx, and the settings read back as sent', async () => {
  await fuzz('/portfolio', 'patch', '/portfolio', async (body) => readsBack(body, (await api('get', '/portfolio')).body, ['updatedAt']));
}, 300_000);

test('POST /signoff-requests: never 5xx, and a request created asks about exactly the records sent', async () => {
  await fuzz('/signoff-requests', 'post', '/signoff-requests', (body, response) => JSON.stringify(response.body.recordIds) === JSON.stringify([...new Set(body.recordIds as number[])].sort((a, b) => a - b)));
}, 300_000);

test('POST /submissions: never 5xx (one is in progress: every well-formed body is refused as a conflict)', async () => {
  await fuzz('/submissions', 'post', '/submissions', () => false);
}, 300_000);

test('POST /assessments/{id}/judgements: never 5xx, and saved judgements read back as sent', async () => {
  await fuzz(
    '/assessments/{id}/judgements',
    'post',
    `/assessments/${ids.submission}/judgements`,
    (body, response) => {
      const notes = response.body.notes as { subject: string; judgement: string | null; comment: string | null }[];
      const sent = (body.judgements as { requirementId: string; judgement?: string | null; comment?: string }[] | undefined) ?? [];
      const last = new Map(sent.map((item) => [item.requirementId, item]));
      return [...last.values()].every((item) => {
        const note = notes.find((each) => each.subject === `requirement:${item.requirementId}`);
        return note !== undefined && note.judgement === (item.judgement ?? null) && note.comment === (item.comment?.trim() ? item.comment.trim() : null);
      });
    },
    assessorToken,
  );
}, 300_000);

test('POST /assessments/{id}/decision: never 5xx; once decided, the submission reads back the recommendation sent', async () => {
  await fuzz('/assessments/{id}/decision', 'post', `/assessments/${ids.submission}/decision`, (body, response) => response.body.recommendation === body.recommendation, assessorToken);
}, 300_000);

test('POST /imports: never 5xx for any bytes sent as the file', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('practice', 'supervision', 'cpd', 'diary'), fc.constantFrom('log.csv', 'log.xlsx', 'log', 'r\u00e9sum\u00e9.csv'), async (bytes, kind, name) => {
      const response = await api('post', '/imports').field('kind', kind).field('commit', 'false').attach('file', Buffer.from(bytes), name);
      if (response.status >= 500) throw new Error(`POST /imports answered ${response.status} to ${bytes.length} bytes named ${name}`);
    }),
    { numRuns: Math.ceil(FUZZ_RUNS / 2) },
  );
}, 300_000);
