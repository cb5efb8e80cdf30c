import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, fieldError, submitForm } from '../support/forms';
import { GOOD_PASSWORD, makeUser, signInAs } from '../support/factories';
import { createRecord } from '../../src/domain/records/record-service';
import { addEvidenceFiles, sweepEvidenceStore } from '../../src/domain/evidence/evidence-service';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { isoDay } from '../../src/domain/dates';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;
const db = () => testDb.current.db;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  agent = t.agent();
  await signInAs(agent, ana);
});

const monthsAgo = (months: number) => {
  const now = t.clock.now();
  return isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1)));
};

describe('overview', () => {
  test('shows totals per log, hours per month as an SVG chart, and the latest entries', async () => {
    await createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-1', date: monthsAgo(0), hours: 2, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
    await createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-2', date: monthsAgo(2), hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
    await createRecord(t.deps, ana.id, 'supervision', { date: monthsAgo(1), hours: 1, supervisorName: 'Sam Lee', format: 'individual' });
    const page = await agent.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Client practice log<\/span>\s*<span class="stat__figure">2<\/span>\s*<span class="stat__detail">practice records · 3.5 h/);
    expect(page.text).toContain('<svg viewBox="0 0 720 220" role="img"');
    expect((page.text.match(/<rect /g) ?? []).length).toBe(24);
    expect(page.text).toContain(': 2 h</title>');
    expect(page.text).toContain(': 1.5 h</title>');
    expect(page.text).toContain('Sam Lee');
    expect(page.text).toContain('Start here');
  });

  test('a record added, changed or removed shows at once, though the latest entries are kept between changes', async () => {
    await createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-1', date: monthsAgo(0), hours: 2, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
    expect((await agent.get('/')).text).not.toContain('Talk to the regional network');
    const talk = await createRecord(t.deps, ana.id, 'contribution', { kind: 'talk', title: 'Talk to the regional network', date: monthsAgo(1) });
    const added = await agent.get('/');
    expect(added.text).toContain('Talk to the regional network');
    expect(added.text).toMatch(/Community contribution<\/span>\s*<span class="stat__figure">1<\/span>/);
    await db()('contributions').where({ id: talk.id }).update({ title: 'Keynote at the regional network' });
    expect((await agent.get('/')).text).toContain('Keynote at the regional network');
    await db()('contributions').where({ id: talk.id }).delete();
    const removed = await agent.get('/');
    expect(removed.text).not.toContain('regional network');
    expect(removed.text).toMatch(/Community contribution<\/span>\s*<span class="stat__figure">0<\/span>/);
    // A file does not move the revision: its count is read with the portfolio, on every view.
    expect(removed.text).toMatch(/Evidence files<\/span>\s*<span class="stat__figure">0<\/span>/);
    const stored = await t.deps.evidenceStore.put(Buffer.from('Session notes\n'), { maxBytes: 1000 });
    await addEvidenceFiles(t.deps, ana.id, [{ stored, originalName: 'notes.txt' }]);
    expect((await agent.get('/')).text).toMatch(/Evidence files<\/span>\s*<span class="stat__figure">1<\/span>/);
  });

  test('the month chart, drawn once between changes, follows every change to the practice log', async () => {
    const first = await createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-1', date: monthsAgo(0), hours: 2, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
    expect((await agent.get('/')).text).toContain(': 2 h</title>');
    await createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-2', date: monthsAgo(0), hours: 1.25, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
    const added = (await agent.get('/')).text;
    expect(added).toContain(': 3.25 h</title>');
    expect(added).not.toContain(': 2 h</title>');
    await db()('practice_entries').where({ id: first.id }).delete();
    const removed = (await agent.get('/')).text;
    expect(removed).toContain(': 1.25 h</title>');
    expect(removed).toContain('1.25 h in total');
  });
});

describe('account deletion', () => {
  test('asks for the password, then removes the account, its records and files, keeping one anonymous audit line', async () => {
    await createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-1', date: '2026-01-05', hours: 2, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', notes: 'private notes' });
    const stored = await t.deps.evidenceStore.put(Buffer.from('Supervision notes\n'), { maxBytes: 1000 });
    await addEvidenceFiles(t.deps, ana.id, [{ stored, originalName: 'notes.txt' }]);
    const { token } = await createApiToken(t.deps, ana.id, 'x');

    const wrong = await submitForm(agent, '/account/delete', { password: 'not my password', confirm: 'true' });
    expect(wrong.status).toBe(422);
    expect(fieldError(wrong.text, 'password')).toMatch(/not your password/);
    const unconfirmed = await submitForm(agent, '/account/delete', { password: GOOD_PASSWORD });
    expect(fieldError(unconfirmed.text, 'confirm')).toMatch(/Tick the box/);
    expect(await db()('users').where('id', ana.id).first()).toBeDefined();

    const deleted = await submitForm(agent, '/account/delete', { password: GOOD_PASSWORD, confirm: 'true' });
    expect(deleted.headers.location).toBe('/login?deleted=1');
    for (const table of ['users', 'portfolios', 'practice_entries', 'evidence_files', 'api_tokens']) {
      const column = table === 'users' ? 'id' : table === 'portfolios' ? 'owner_id' : table === 'api_tokens' ? 'user_id' : null;
      if (column) expect(await db()(table).where(column, ana.id).first()).toBeUndefined();
      else expect(await db()(table).count<{ count: number }[]>('* as count')).toEqual([{ count: 0 }]);
    }
    const audit = await db()('audit_events').select('actor_id', 'action', 'entity_id', 'details');
    expect(JSON.stringify(audit)).not.toMatch(/ana@example\.org|Ana Kowalska|private notes/);
    expect(audit).toContainEqual({ actor_id: null, action: 'account.deleted', entity_id: String(ana.id), details: {} });
    expect((await agent.get('/')).headers.location).toBe('/login');
    expect((await t.agent().get('/api/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    // The stored bytes go with the next cleanup.
    expect((await sweepEvidenceStore(t.deps, 0)).removed).toEqual([stored.sha256]);
  });

  test('the last administrator cannot delete their account', async () => {
    const admin = t.agent();
    await signInAs(admin, { email: 'admin@example.org' });
    const page = await admin.get('/account/delete');
    const refused = await admin
      .post('/account/delete')
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), password: GOOD_PASSWORD, confirm: 'true' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('last administrator');
  });
});
