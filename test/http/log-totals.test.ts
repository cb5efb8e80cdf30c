import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { makeSamplePortfolio, type SamplePortfolio } from '../support/portfolio-factory';
import { createRecord } from '../../src/domain/records/record-service';
import { RECORD_DEFINITIONS } from '../../src/domain/records';
import type { User } from '../../src/db/repositories/user-repository';

/**
 * A log page's totals (how many records the filter matches, their hours) are kept per
 * portfolio revision, so a view reads only its page; a change from anywhere shows at once.
 */

const testDb = useTestDb({ shared: true });
let t: TestApp;
let ana: User;
let sample: SamplePortfolio;
let agent: ReturnType<TestApp['agent']>;
const queries: string[] = [];

beforeAll(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  sample = await makeSamplePortfolio(t.deps, ana.id);
  agent = t.agent();
  await signInAs(agent, ana);
  t.deps.db.on('query', (query: { sql: string }) => queries.push(query.sql));
}, 60_000);

const text = (html: string) => html.replace(/<[^>]+>/g, '');
async function view(url: string): Promise<{ text: string; sql: string[] }> {
  queries.length = 0;
  const page = await agent.get(url);
  expect(page.status).toBe(200);
  return { text: text(page.text), sql: [...queries] };
}
/** Statements that count a log: the page's window totals, or the totals asked apart. */
const counts = (sql: string[]) => sql.filter((statement) => /over \(\)|^select count\(/i.test(statement));

test('the totals are counted once per change: a second view, or the list in another order, reads only its records', async () => {
  const first = await view('/practice');
  expect(first.text).toContain('14 practice records · 82 h in total');
  const again = await view('/practice');
  expect(again.text).toContain('14 practice records · 82 h in total');
  expect(counts(again.sql)).toEqual([]);
  expect(counts((await view('/practice?sort=hours&direction=asc')).sql)).toEqual([]);
});

test('each filter has its own totals, and the log’s own stay right beside them', async () => {
  expect((await view('/practice?from=2026-05-01&to=2026-12-31')).text).toContain('7 practice records · 33 h in total in the chosen dates');
  const kept = await view('/practice?from=2026-05-01&to=2026-12-31');
  expect(kept.text).toContain('7 practice records · 33 h in total in the chosen dates');
  expect(counts(kept.sql)).toEqual([]);
  expect((await view('/practice')).text).toContain('14 practice records · 82 h in total');
});

test('a record added here, or changed and removed by another process, shows in the totals at once', async () => {
  await view('/practice');
  await createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-NEW', date: '2026-06-02', hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  expect((await view('/practice')).text).toContain('15 practice records · 83.5 h in total');
  expect((await view('/practice?from=2026-05-01&to=2026-12-31')).text).toContain('8 practice records · 34.5 h in total in the chosen dates');

  // Another process (on the embedded database, the same one) changes and removes records.
  const other = testDb.current.reopen();
  await other('practice_entries').where({ id: sample.practiceIds[0] }).update({ hours: 10 });
  const changed = (await view('/practice')).text;
  expect(changed).not.toContain('83.5 h in total');
  await other('practice_entries').whereIn('id', sample.practiceIds).delete();
  expect((await view('/practice')).text).toContain('1 practice record · 1.5 h in total');
});

test('every log’s table moves the portfolio’s revision on insert, update and delete (the totals and the evidence rely on it)', async () => {
  const rows: { table: string; event: string }[] = (
    await testDb.current.db.raw(
      `select event_object_table as "table", event_manipulation as "event" from information_schema.triggers
        where event_object_schema = current_schema() and action_statement like '%bump_revision%'`,
    )
  ).rows;
  for (const definition of RECORD_DEFINITIONS) {
    const events = rows.filter((row) => row.table === definition.table).map((row) => row.event);
    expect({ table: definition.table, events: [...new Set(events)].sort() }).toEqual({ table: definition.table, events: ['DELETE', 'INSERT', 'UPDATE'] });
  }
});
