import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { createRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { evaluatePortfolio } from '../../src/domain/portfolio/evaluation-service';
import { down, up } from '../../migrations/20261203001100_supervisor_accreditation';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let sam: User;

beforeEach(async () => {
  t = createTestApp({ db: db() });
  sam = await makeUser(t.deps, ['applicant']);
  await updatePortfolioSettings(t.deps, sam.id, { displayName: 'Sam', criteriaSet: 'emcc-esia', targetLevel: 'esia' });
});

const portfolio = async () => db()('portfolios').where('owner_id', sam.id).first();
const session = (code: string, hours: number) => ({ superviseeCode: code, date: '2026-01-05', hours, format: 'individual' });

test('a session given moves its own log revision, and a process holding the evidence re-reads it after another process writes', async () => {
  const hoursOf = async (app: TestApp) => (await evaluatePortfolio(app.deps, sam.id, { asOf: '2026-03-12' })).evaluation.levels[0]!.requirements.find((r) => r.id === 'esia.hours')!.actual;
  await createRecord(t.deps, sam.id, 'supervision_practice', session('S-1', 2));
  const before = await portfolio();
  expect(Number(before.log_revisions.supervision_practice)).toBe(1);
  expect(await hoursOf(t)).toBe(2);
  expect(await hoursOf(t)).toBe(2); // from this process's cache
  const other = createTestApp({ db: testDb.current.reopen() });
  await createRecord(other.deps, sam.id, 'supervision_practice', session('S-2', 3));
  const after = await portfolio();
  expect(Number(after.log_revisions.supervision_practice)).toBe(2);
  expect(Number(after.revision)).toBeGreaterThan(Number(before.revision));
  expect(after.log_revisions.practice ?? 0).toBe(before.log_revisions.practice ?? 0);
  expect(await hoursOf(t)).toBe(5);
});

test('the migration goes down and up again: the table, the columns and the trigger come back', async () => {
  await down(db());
  expect(await db().schema.hasTable('supervision_practice_entries')).toBe(false);
  expect(await db().schema.hasColumn('supervision_entries', 'about')).toBe(false);
  expect(await db().schema.hasColumn('reflections', 'supervision_competences')).toBe(false);
  // The other logs still move their revisions with the restored function.
  await createRecord(t.deps, sam.id, 'cpd', { title: 'Course', startDate: '2026-01-10', endDate: '2026-01-11', hours: 12, kind: 'training_course' });
  expect(Number((await portfolio()).log_revisions.cpd)).toBe(1);
  await up(db());
  await createRecord(t.deps, sam.id, 'supervision_practice', session('S-1', 1));
  expect(Number((await portfolio()).log_revisions.supervision_practice)).toBe(1);
  expect((await db()('supervision_entries').columnInfo()).about).toBeDefined();
});
