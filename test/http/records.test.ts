import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { fieldError, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { isoDay } from '../../src/domain/dates';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  agent = t.agent();
  await signInAs(agent, ana);
});

const db = () => testDb.current.db;
const today = () => isoDay(t.clock.now());

describe('client practice log', () => {
  test('an empty log says what it is for and how to begin', async () => {
    const page = await agent.get('/practice');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your client contact hours');
    expect(page.text).toContain('Log a session');
    expect(page.text).toContain('import your spreadsheet');
  });

  test('a session logged by form is stored with exact hours and shown with totals', async () => {
    const created = await submitForm(
      agent,
      '/practice/new',
      { clientCode: 'C-017', date: '2026-03-12', hours: '1:30', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', delivery: 'remote', sponsor: 'Acme' },
      '/practice',
    );
    expect(created.status).toBe(303);
    const row = await db()('practice_entries').first();
    expect(row).toMatchObject({ client_code: 'C-017', date: '2026-03-12', end_date: null, format: 'one_to_one', practice_kind: 'coaching', payment: 'paid', delivery: 'remote', sponsor: 'Acme' });
    expect(Number(row.hours)).toBe(1.5);
    expect(created.headers.location).toBe(`/practice/${row.id}`);
    await submitForm(agent, '/practice/new', { clientCode: 'C-018', date: '2026-03-14', hours: '2,25', format: 'group', groupSize: '6', practiceKind: 'mentoring', payment: 'pro_bono' }, '/practice');
    const list = await agent.get('/practice');
    expect(list.text).toMatch(/<strong>2<\/strong> practice records · <strong>3.75 h<\/strong> in total/);
    expect(list.text).toContain('12 March 2026');
  });

  test('bad input is refused beside each field, with the input kept and nothing written', async () => {
    const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const response = await submitForm(agent, '/practice/new', { clientCode: 'C-1', date: tomorrow, hours: '-2', format: 'triad', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    expect(response.status).toBe(422);
    expect(fieldError(response.text, 'hours')).toMatch(/greater than 0/);
    expect(fieldError(response.text, 'format')).toMatch(/one-to-one, group or team/);
    expect(response.text).toContain('value="C-1"');
    const future = await submitForm(agent, '/practice/new', { clientCode: 'C-1', date: tomorrow, hours: '1', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    expect(fieldError(future.text, 'date')).toMatch(/cannot be after today/);
    const range = await submitForm(agent, '/practice/new', { clientCode: 'C-1', date: '2026-03-12', endDate: '2026-03-01', hours: '5', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    expect(fieldError(range.text, 'endDate')).toMatch(/before the start date/);
    const group = await submitForm(agent, '/practice/new', { clientCode: 'C-1', date: '2026-03-12', hours: '5', format: 'group', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    expect(fieldError(group.text, 'groupSize')).toMatch(/how many people/);
    const email = await submitForm(agent, '/practice/new', { clientCode: 'anna@example.org', date: '2026-03-12', hours: '1', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    expect(fieldError(email.text, 'clientCode')).toMatch(/looks like an email address.*shared with assessors/);
    const name = await submitForm(agent, '/practice/new', { clientCode: 'Anna Nowak', date: '2026-03-12', hours: '1', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    expect(fieldError(name.text, 'clientCode')).toMatch(/looks like a person’s full name.*AN-01/);
    const old = await submitForm(agent, '/practice/new', { clientCode: 'C-1', date: '1899-12-31', hours: '1', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    expect(fieldError(old.text, 'date')).toBe('Enter the date of the session (or the first date of a range) as a date from 1900 on, e.g. 2026-03-12.');
    const nul = await submitForm(agent, '/practice/new', { clientCode: 'C-1', date: '2026-03-12', hours: '1', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', sponsor: 'Acme\u0000Ltd' }, '/practice');
    expect(nul.status).toBe(422);
    expect(fieldError(nul.text, 'sponsor')).toMatch(/^This text holds a character that cannot be stored/);
    expect(nul.text).toContain('value="C-1"');
    const missing = await submitForm(agent, '/practice/new', {}, '/practice');
    expect(fieldError(missing.text, 'clientCode')).toBe('Enter a client code, such as C-017.');
    expect(fieldError(missing.text, 'payment')).toBe('Choose paid or pro bono.');
    expect(await db()('practice_entries').count<{ count: number }[]>('* as count')).toEqual([{ count: 0 }]);
  });

  test('edit and delete change the row and leave an audit trail', async () => {
    await submitForm(agent, '/practice/new', { clientCode: 'C-017', date: '2026-03-12', hours: '1', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    const { id } = await db()('practice_entries').first();
    const edit = await agent.get(`/practice/${id}/edit`);
    expect(edit.text).toContain('value="C-017"');
    const invalid = await submitForm(agent, `/practice/${id}/edit`, { clientCode: 'C-017', date: '2026-03-12', hours: 'lots', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, `/practice/${id}`);
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain(`action="/practice/${id}"`);
    expect(invalid.text).toContain('value="lots"');
    const saved = await submitForm(agent, `/practice/${id}/edit`, { clientCode: 'C-017', date: '2026-03-12', hours: '2', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, `/practice/${id}`);
    expect(saved.status).toBe(303);
    expect(Number((await db()('practice_entries').where('id', id).first()).hours)).toBe(2);
    const removed = await submitForm(agent, `/practice/${id}/delete`, {}, `/practice/${id}/delete`);
    expect(removed.headers.location).toBe('/practice');
    expect(await db()('practice_entries').where('id', id).first()).toBeUndefined();
    const actions = (await db()('audit_events').select('action').where('entity_type', 'practice').orderBy('id')).map((row) => row.action);
    expect(actions).toEqual(['practice.created', 'practice.updated', 'practice.deleted']);
  });

  test('the list filters by date range and sorts by a column', async () => {
    for (const [code, date, hours] of [
      ['A-1', '2026-01-10', '1'],
      ['B-2', '2026-02-10', '2'],
      ['C-3', '2026-03-10', '4'],
    ]) {
      await submitForm(agent, '/practice/new', { clientCode: code!, date: date!, hours: hours!, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    }
    const filtered = await agent.get('/practice?from=2026-02-01&to=2026-03-31');
    expect(filtered.text).toMatch(/<strong>2<\/strong> practice records · <strong>6 h<\/strong> in total in the chosen dates/);
    expect(filtered.text).not.toContain('A-1');
    const sorted = await agent.get('/practice?sort=hours&dir=desc');
    expect(sorted.text.indexOf('C-3')).toBeLessThan(sorted.text.indexOf('A-1'));
    expect(sorted.text).toContain('aria-sort="descending"');
    const bad = await agent.get('/practice?from=yesterday');
    expect(bad.text).toContain('is not a date like 2026-03-12, so it was ignored');
  });
});

describe('the other logs', () => {
  test('supervision, CPD, contribution and feedback records are created from their forms', async () => {
    expect(
      (await submitForm(agent, '/supervision/new', { date: '2026-02-01', hours: '1', supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual', themes: 'Contracting' }, '/supervision'))
        .status,
    ).toBe(303);
    expect(
      (await submitForm(agent, '/cpd/new', { title: 'Team coaching', provider: 'EMCC', startDate: '2026-01-10', endDate: '2026-01-11', hours: '12', kind: 'training_course', accreditation: 'EQA' }, '/cpd')).status,
    ).toBe(303);
    expect((await submitForm(agent, '/contributions/new', { kind: 'talk', title: 'Coaching in schools', date: '2026-02-20', link: 'https://example.org/talk' }, '/contributions')).status).toBe(303);
    expect((await submitForm(agent, '/feedback/new', { date: '2026-02-21', clientCode: 'C-017', channel: 'written', summary: 'Clearer goals.' }, '/feedback')).status).toBe(303);
    expect(await db()('supervision_entries').first()).toMatchObject({ supervisor_name: 'Dr Sam Lee', format: 'individual' });
    expect(await db()('cpd_entries').first()).toMatchObject({ title: 'Team coaching', start_date: '2026-01-10', end_date: '2026-01-11', kind: 'training_course' });
    expect(await db()('contributions').first()).toMatchObject({ kind: 'talk', link: 'https://example.org/talk', hours: null });
    expect(await db()('feedback_items').first()).toMatchObject({ channel: 'written', summary: 'Clearer goals.' });
    expect((await agent.get('/cpd')).text).toContain('12 h');
  });

  test('a reflection needs a competence category and links only to the applicant’s own records', async () => {
    await submitForm(agent, '/supervision/new', { date: '2026-02-01', hours: '1', supervisorName: 'Sam', format: 'individual' }, '/supervision');
    const supervision = await db()('supervision_entries').first();
    const missing = await submitForm(agent, '/reflections/new', { kind: 'reflection', date: '2026-02-02', title: 'After supervision', text: 'I noticed…' }, '/reflections');
    expect(fieldError(missing.text, 'competences')).toMatch(/at least one competence/);
    const form = await agent.get('/reflections/new');
    expect(form.text).toContain(`value="supervision:${supervision.id}"`);
    const created = await agent
      .post('/reflections')
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec(form.text)![1]!)}&kind=case_study&date=2026-02-02&title=Case&text=Body&competences=understanding_self&competences=evaluation&linkedRecords=supervision%3A${supervision.id}`,
      );
    expect(created.status).toBe(303);
    const reflection = await db()('reflections').first();
    expect(reflection.competences).toEqual(['understanding_self', 'evaluation']);
    expect(reflection.linked_records).toEqual([`supervision:${supervision.id}`]);
    expect((await agent.get(`/reflections/${reflection.id}`)).text).toContain('Reflects on');
    // Deleting the supervision record removes the link from the reflection.
    await submitForm(agent, `/supervision/${supervision.id}/delete`, {}, `/supervision/${supervision.id}/delete`);
    expect((await db()('reflections').first()).linked_records).toEqual([]);
  });
});

describe('ownership', () => {
  test('another applicant’s record is “not found” on every route, and stays unchanged', async () => {
    await submitForm(agent, '/practice/new', { clientCode: 'C-017', date: '2026-03-12', hours: '1', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    const { id } = await db()('practice_entries').first();
    const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
    const other = t.agent();
    await signInAs(other, bob);
    for (const path of [`/practice/${id}`, `/practice/${id}/edit`, `/practice/${id}/delete`]) expect((await other.get(path)).status).toBe(404);
    expect((await submitForm(other, '/practice/new', { clientCode: 'X', date: '2026-03-12', hours: '9', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, `/practice/${id}`)).status).toBe(404);
    expect((await submitForm(other, '/practice', {}, `/practice/${id}/delete`)).status).toBe(404);
    expect((await other.get('/practice')).text).not.toContain('C-017');
    expect(Number((await db()('practice_entries').where('id', id).first()).hours)).toBe(1);
  });

  test('only applicants reach the logs', async () => {
    const supervisor = await makeUser(t.deps, ['supervisor']);
    const other = t.agent();
    await signInAs(other, supervisor);
    expect((await other.get('/practice')).status).toBe(403);
  });
});

describe('portfolio settings', () => {
  test('are saved, and a first practice date in the future is refused', async () => {
    const saved = await submitForm(agent, '/settings', { displayName: 'Ana Kowalska', emccMembershipNumber: 'EMCC-12345', firstPracticeDate: '2019-09-01', practiceRole: 'both', aim: 'emcc-eia/practitioner' });
    expect(saved.status).toBe(303);
    expect(await db()('portfolios').where('owner_id', ana.id).first()).toMatchObject({
      display_name: 'Ana Kowalska',
      emcc_membership_number: 'EMCC-12345',
      first_practice_date: '2019-09-01',
      practice_role: 'both',
      criteria_set: 'emcc-eia',
      target_level: 'practitioner',
    });
    const icf = await submitForm(agent, '/settings', { displayName: 'Ana Kowalska', aim: 'icf-credentials/pcc' });
    expect(icf.status).toBe(303);
    expect(await db()('portfolios').where('owner_id', ana.id).first()).toMatchObject({ criteria_set: 'icf-credentials', target_level: 'pcc' });
    const wrongLevel = await submitForm(agent, '/settings', { displayName: 'Ana Kowalska', aim: 'icf-credentials/practitioner' });
    expect(wrongLevel.status).toBe(422);
    expect(wrongLevel.text).toContain('is not a level of ICF credentials');
    const future = await submitForm(agent, '/settings', { displayName: 'Ana', firstPracticeDate: '2999-01-01' });
    expect(fieldError(future.text, 'firstPracticeDate')).toMatch(/cannot be after today/);
    expect(today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
