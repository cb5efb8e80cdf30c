import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import type { User } from '../../src/db/repositories/user-repository';
import { createRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { requestConfirmation } from '../../src/domain/signoff/signoff-service';

/**
 * What a page costs the database, counted from knex's own query events: each main page stays
 * within its budget, and reading a page writes nothing (no session touch, no token stamp; the
 * session is saved again only when its stored expiry is minutes old, a token's last use only
 * when it is a minute old). Budgets are for a warm process: the portfolio's evidence is cached.
 */

const testDb = useTestDb({ shared: true });
let t: TestApp;
let ana: User;
let token: string;
let agent: ReturnType<TestApp['agent']>;
const queries: string[] = [];

beforeAll(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  await makeSamplePortfolio(t.deps, ana.id);
  token = (await createApiToken(t.deps, ana.id, 'budget')).token;
  agent = t.agent();
  await signInAs(agent, ana);
  t.deps.db.on('query', (query: { sql: string }) => queries.push(query.sql));
  // Warm: the evidence cache is filled and the session and token were just written.
  await agent.get('/');
  await t.agent().get('/api/v1/evaluation').set('Authorization', `Bearer ${token}`);
}, 60_000);

/** The SQL a request sends, with its status. */
async function cost(send: () => PromiseLike<{ status: number }>): Promise<{ status: number; body: Record<string, unknown>; sql: string[] }> {
  queries.length = 0;
  const { status, body } = (await send()) as { status: number; body?: Record<string, unknown> };
  return { status, body: body ?? {}, sql: [...queries] };
}

const writes = (sql: string[]) => sql.filter((statement) => /^\s*(insert|update|delete|with\b[\s\S]*\b(insert|update|delete)\b)/i.test(statement));

test.each([
  // The session with its user and their portfolio (with its awards, for their renewal dates, its
  // target credentials and its number of files), in one statement; the latest entries are kept
  // with the evidence. A log page adds its page of records (its totals are kept per revision).
  ['the dashboard', '/', 1],
  ['a log page', '/practice', 2],
  ['a log page with a filter', '/cpd?from=2026-01-01&to=2026-12-31', 2],
])('%s (GET %s) costs at most %i queries and writes nothing', async (_name, url, budget) => {
  const page = await cost(() => agent.get(url));
  expect(page.status).toBe(200);
  expect(writes(page.sql)).toEqual([]);
  expect(page.sql.length).toBeLessThanOrEqual(budget);
});

test('the evaluation API with a cache hit costs at most 3 queries and writes nothing', async () => {
  const api = await cost(() => t.agent().get('/api/v1/evaluation').set('Authorization', `Bearer ${token}`));
  expect(api.status).toBe(200);
  expect(writes(api.sql)).toEqual([]);
  expect(api.sql.length).toBeLessThanOrEqual(3);
});

test('a token in use writes its last use at most once a minute', async () => {
  const read = () => t.agent().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
  expect(writes((await cost(read)).sql)).toEqual([]);
  t.clock.advance(61_000);
  expect(writes((await cost(read)).sql)).toEqual([expect.stringMatching(/^update "api_tokens" set "last_used_at"/)]);
  expect(writes((await cost(read)).sql)).toEqual([]);
});

test('a signed-in session is saved again only once its stored expiry is five minutes old', async () => {
  const realNow = Date.now;
  try {
    expect(writes((await cost(() => agent.get('/practice'))).sql)).toEqual([]);
    // A read sends no cookie either: the cookie is sent again when the session is saved again.
    expect((await agent.get('/practice')).headers['set-cookie']).toBeUndefined();
    Date.now = () => realNow() + 5 * 60_000 + 1000;
    const refreshed = writes((await cost(() => agent.get('/practice'))).sql);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).toContain('"sessions"');
    expect(writes((await cost(() => agent.get('/practice'))).sql)).toEqual([]);
    Date.now = () => realNow() + 10 * 60_000 + 2000;
    const resent = (await agent.get('/practice')).headers['set-cookie'] as unknown as string[];
    const expires = Date.parse(/Expires=([^;]+)/.exec(resent.find((cookie) => cookie.startsWith('eia.sid='))!)![1]!);
    expect(Math.abs(expires - (realNow() + 10 * 60_000 + 8 * 3600_000))).toBeLessThan(5_000);
  } finally {
    Date.now = realNow;
  }
  // Still signed in: the session read back is the one saved.
  expect((await agent.get('/')).text).toContain('Welcome, Ana Kowalska');
});

test('the numbers on the pages are unchanged: totals over the whole filter, the latest entries across logs', async () => {
  const text = (html: string) => html.replace(/<[^>]+>/g, '');
  expect(text((await agent.get('/practice')).text)).toContain('14 practice records · 82 h in total');
  expect(text((await agent.get('/practice?from=2026-05-01&to=2026-12-31')).text)).toContain('7 practice records · 33 h in total in the chosen dates');
  const dashboard = await agent.get('/');
  expect(dashboard.text).toContain('Latest entries');
});

/** The logs whose table a request's SQL reads. */
const logsRead = (sql: string[]) =>
  ['practice_entries', 'supervision_entries', 'cpd_entries', 'feedback_items', 'reflections'].filter((table) => sql.some((statement) => new RegExp(`^select[\\s\\S]* from "${table}"`, 'i').test(statement)));
const evaluationApi = () => t.agent().get('/api/v1/evaluation').set('Authorization', `Bearer ${token}`);

test('after a write to one log, the next evaluation reads that log again and no other, and agrees with a cold read', async () => {
  await createRecord(t.deps, ana.id, 'cpd', { title: 'Ethics workshop', startDate: '2026-02-02', endDate: '2026-02-02', hours: 3, kind: 'workshop' });
  const warm = await cost(evaluationApi);
  expect(warm.status).toBe(200);
  expect(logsRead(warm.sql)).toEqual(['cpd_entries']);

  // A process that never held this portfolio reads every log and finds the same evaluation.
  const cold = createTestApp({ db: testDb.current.db });
  const coldBody = (await cold.agent().get('/api/v1/evaluation').set('Authorization', `Bearer ${token}`)).body;
  expect((await evaluationApi()).body).toEqual(coldBody);
});

test('a change to the portfolio’s settings or a confirmation request reads only what it changed', async () => {
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana K.', emccMembershipNumber: 'EMCC-4471', firstPracticeDate: '2021-09-01', practiceRole: 'coach' });
  const settings = await cost(evaluationApi);
  expect(logsRead(settings.sql)).toEqual([]);

  const supervision = await createRecord(t.deps, ana.id, 'supervision', { date: '2026-02-03', hours: 1, supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual' });
  await cost(evaluationApi);
  await requestConfirmation(t.deps, ana.id, [supervision.id]);
  const asked = await cost(evaluationApi);
  expect(logsRead(asked.sql)).toEqual(['supervision_entries']);
});
