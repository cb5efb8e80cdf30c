import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { createRecord } from '../../src/domain/records/record-service';
import { definitionOf } from '../../src/domain/records';
import type { User } from '../../src/db/repositories/user-repository';

/**
 * A whole log is read a page at a time (listInPages, for the snapshot of a PDF or a submission),
 * so that on the embedded database other requests run between the reads: it must give exactly
 * the records, in the order, that one read gives.
 */

const testDb = useTestDb();
let t: TestApp;
let ana: User;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant']);
});

const practice = definitionOf('practice');
const session = (clientCode: string, date: string) => createRecord(t.deps, ana.id, 'practice', { clientCode, date, hours: 1, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });

test('read in pages, a log gives every record once, oldest first, ties by id, as one read does', async () => {
  // Several sessions on one day, across the page boundaries, saved out of date order.
  const dates = ['2026-03-02', '2025-01-10', '2026-03-02', '2026-03-02', '2024-07-01', '2026-03-02', '2025-01-10', '2026-11-30', '2026-03-02', '2024-07-01', '2026-03-01'];
  for (const [index, date] of dates.entries()) await session(`C-${index}`, date);
  await createRecord(t.deps, (await makeUser(t.deps, ['applicant'])).id, 'practice', { clientCode: 'OTHER', date: '2026-03-02', hours: 1, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  const portfolio = (await t.deps.repos.portfolio.findByOwner(t.deps.db, ana.id))!;

  const atOnce = await t.deps.repos.record.list(t.deps.db, practice, portfolio.id, { sort: 'date', direction: 'asc' });
  expect(atOnce).toHaveLength(dates.length);
  for (const rowsPerRead of [1, 3, 4, 11, 12, 2_000]) {
    expect(await t.deps.repos.record.listInPages(t.deps.db, practice, portfolio.id, rowsPerRead)).toEqual(atOnce);
  }
  const inPages = await t.deps.repos.record.listInPages(t.deps.db, practice, portfolio.id, 3);
  expect(inPages.map((record) => record.values.date)).toEqual([...dates].sort());
  expect(inPages.map((record) => record.values.clientCode)).not.toContain('OTHER');
});

test('an empty log reads as no records', async () => {
  await session('C-1', '2026-01-01');
  const portfolio = (await t.deps.repos.portfolio.findByOwner(t.deps.db, ana.id))!;
  expect(await t.deps.repos.record.listInPages(t.deps.db, definitionOf('cpd'), portfolio.id, 3)).toEqual([]);
});
