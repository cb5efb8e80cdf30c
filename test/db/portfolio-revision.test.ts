import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { createRecord, updateRecord, deleteRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { evaluatePortfolio } from '../../src/domain/portfolio/evaluation-service';
import { requestConfirmation, revokeRequest } from '../../src/domain/signoff/signoff-service';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
let t: TestApp;
let ana: User;
let bob: User;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant']);
  bob = await makeUser(t.deps, ['applicant']);
});

const revision = async (user: User) => Number((await testDb.current.db('portfolios').where('owner_id', user.id).first()).revision);

test('every change to what the evaluation reads moves the portfolio’s revision, and only that portfolio’s', async () => {
  await createRecord(t.deps, bob.id, 'practice', { clientCode: 'B-1', date: '2026-01-01', hours: 1, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  const steps: [string, () => Promise<unknown>][] = [
    ['insert', () => createRecord(t.deps, ana.id, 'practice', { clientCode: 'A-1', date: '2026-01-01', hours: 1, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' })],
    ['settings', () => updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana', firstPracticeDate: '2020-01-01' })],
  ];
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana' });
  const bobBefore = await revision(bob);
  let last = await revision(ana);
  for (const [, step] of steps) {
    await step();
    const now = await revision(ana);
    expect(now).toBeGreaterThan(last);
    last = now;
  }
  const record = await createRecord(t.deps, ana.id, 'supervision', { date: '2026-01-01', hours: 1, supervisorName: 'Sam', format: 'individual' });
  const afterInsert = await revision(ana);
  await updateRecord(t.deps, ana.id, 'supervision', record.id, { date: '2026-01-01', hours: 2, supervisorName: 'Sam', format: 'individual' });
  const afterUpdate = await revision(ana);
  expect(afterUpdate).toBeGreaterThan(afterInsert);
  await deleteRecord(t.deps, ana.id, 'supervision', record.id);
  expect(await revision(ana)).toBeGreaterThan(afterUpdate);
  expect(await revision(bob)).toBe(bobBefore);
});

test('a many-row insert in one statement moves the revision once', async () => {
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana' });
  const before = await revision(ana);
  const portfolioId = (await testDb.current.db('portfolios').where('owner_id', ana.id).first()).id;
  const rows = Array.from({ length: 50 }, (_, index) => ({ portfolio_id: portfolioId, client_code: `C-${index}`, date: '2026-01-01', hours: 1, format: 'one_to_one', practice_kind: 'coaching', payment: 'paid' }));
  await testDb.current.db('practice_entries').insert(rows);
  expect(await revision(ana)).toBe(before + 1);
});

test('a process’s cached evidence is not used once another process has changed the portfolio', async () => {
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana', firstPracticeDate: '2020-01-01' });
  const other = createTestApp({ db: testDb.current.reopen() });
  const hoursOf = async (app: TestApp) => {
    const { evaluation } = await evaluatePortfolio(app.deps, ana.id, { asOf: '2026-06-30' });
    return evaluation.levels[0]!.requirements.find((r) => r.kind === 'practice_hours')!.actual;
  };
  await createRecord(t.deps, ana.id, 'practice', { clientCode: 'A-1', date: '2026-01-01', hours: 2, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  expect(await hoursOf(t)).toBe(2);
  expect(await hoursOf(t)).toBe(2); // served from this process's cache
  await createRecord(other.deps, ana.id, 'practice', { clientCode: 'A-2', date: '2026-01-02', hours: 3, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  expect(await hoursOf(t)).toBe(5);
  await testDb.current.reopen()('practice_entries').where('client_code', 'A-2').update({ hours: 4 });
  expect(await hoursOf(t)).toBe(6);
});

test('asking, revoking and asking again move the revision; an awaited answer turns to "request expired" when the link lapses, cache or not', async () => {
  const record = await createRecord(t.deps, ana.id, 'supervision', { date: '2026-01-01', hours: 1, supervisorName: 'Sam', supervisorEmail: 'sam@example.org', format: 'individual' });
  const statusOf = async () => (await evaluatePortfolio(t.deps, ana.id)).evidence.supervision[0]!.confirmation;
  expect(await statusOf()).toBe('never_asked');
  const before = await revision(ana);
  const request = await requestConfirmation(t.deps, ana.id, [record.id]);
  expect(await revision(ana)).toBeGreaterThan(before);
  expect(await statusOf()).toBe('awaiting_answer');
  t.clock.advance(31 * 86_400_000);
  expect(await statusOf()).toBe('request_expired');
  const afterExpiry = await revision(ana);
  await revokeRequest(t.deps, ana.id, request.id).catch(() => undefined);
  await requestConfirmation(t.deps, ana.id, [record.id]);
  expect(await revision(ana)).toBeGreaterThan(afterExpiry);
  expect(await statusOf()).toBe('awaiting_answer');
});
