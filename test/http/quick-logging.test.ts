import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { fieldError, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { isoDay } from '../../src/domain/dates';
import type { User } from '../../src/db/repositories/user-repository';

// The practice, supervision and CPD forms are filled in series: they start from the last
// record's choices and today's date, suggest earlier values, and "Save and log another".

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
const session = { date: '2026-03-12', hours: '1', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' };

/** The radio buttons ticked on a form page, as "field=value". */
const checkedRadios = (html: string) => [...html.matchAll(/<input type="radio" id="[^"]+" name="([^"]+)" value="([^"]+)" checked>/g)].map((match) => `${match[1]}=${match[2]}`);
const inputValue = (html: string, name: string) => new RegExp(`<input id="field-${name}" name="${name}" type="[a-z]+" value="([^"]*)"`).exec(html)?.[1];
const selectedOption = (html: string, name: string) => new RegExp(`<select id="field-${name}"[^>]*>[\\s\\S]*?<option value="([^"]+)" selected>`).exec(html)?.[1];
const datalistOf = (html: string, name: string) => {
  const list = new RegExp(`<datalist id="field-${name}-suggestions">([\\s\\S]*?)</datalist>`).exec(html)?.[1];
  return list === undefined ? undefined : [...list.matchAll(/<option value="([^"]*)">/g)].map((match) => match[1]);
};

describe('a new practice record', () => {
  test('the first one starts with today’s date and no choice made', async () => {
    const form = await agent.get('/practice/new');
    expect(form.status).toBe(200);
    expect(inputValue(form.text, 'date')).toBe(today());
    expect(inputValue(form.text, 'endDate')).toBe('');
    expect(checkedRadios(form.text)).toEqual([]);
    expect(form.text).not.toContain('<datalist');
  });

  test('the choices start as on the record added last, whatever its date; the date is today', async () => {
    await submitForm(agent, '/practice/new', { ...session, clientCode: 'C-001', date: '2026-03-20', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }, '/practice');
    await submitForm(agent, '/practice/new', { ...session, clientCode: 'C-002', date: '2026-01-05', format: 'group', groupSize: '5', practiceKind: 'mentoring', payment: 'pro_bono', delivery: 'remote' }, '/practice');
    const form = await agent.get('/practice/new');
    expect(checkedRadios(form.text).sort()).toEqual(['delivery=remote', 'format=group', 'payment=pro_bono', 'practiceKind=mentoring']);
    expect(inputValue(form.text, 'date')).toBe(today());
    // Only the choices: the client, hours and group size are typed afresh.
    expect(inputValue(form.text, 'clientCode')).toBe('');
    expect(inputValue(form.text, 'hours')).toBe('');
    expect(inputValue(form.text, 'groupSize')).toBe('');
  });

  test('another applicant’s records change neither the choices nor the suggestions', async () => {
    const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
    const bobAgent = t.agent();
    await signInAs(bobAgent, bob);
    await submitForm(bobAgent, '/practice/new', { ...session, clientCode: 'BOB-SECRET', format: 'team', groupSize: '4', practiceKind: 'mentoring', payment: 'pro_bono', sponsor: 'Bob Ltd' }, '/practice');
    await submitForm(agent, '/practice/new', { ...session, clientCode: 'C-003' }, '/practice');
    const form = await agent.get('/practice/new');
    expect(checkedRadios(form.text).sort()).toEqual(['format=one_to_one', 'payment=paid', 'practiceKind=coaching']);
    expect(datalistOf(form.text, 'clientCode')).toEqual(['C-003']);
    expect(form.text).not.toContain('BOB-SECRET');
    expect(form.text).not.toContain('Bob Ltd');
  });

  test('earlier client codes and sponsors are suggested, each once, most recent first', async () => {
    for (const clientCode of ['C-001', 'C-002', 'C-001', 'C-003']) await submitForm(agent, '/practice/new', { ...session, clientCode, sponsor: clientCode === 'C-002' ? 'Acme & Sons' : '' }, '/practice');
    const form = await agent.get('/practice/new');
    expect(datalistOf(form.text, 'clientCode')).toEqual(['C-003', 'C-001', 'C-002']);
    expect(form.text).toMatch(/<input id="field-clientCode" name="clientCode" type="text" value="" list="field-clientCode-suggestions"/);
    expect(datalistOf(form.text, 'sponsor')).toEqual(['Acme &amp; Sons']);
  });
});

describe('Save and log another', () => {
  test('saves the session and opens a new form keeping the client and the choices, not the hours or notes', async () => {
    const saved = await submitForm(
      agent,
      '/practice/new',
      { clientCode: 'C-017', date: '2026-03-12', hours: '1.5', format: 'group', groupSize: '6', practiceKind: 'mentoring', payment: 'pro_bono', sponsor: 'Acme', notes: 'Goals', next: 'another' },
      '/practice',
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/practice/new');
    const row = await db()('practice_entries').first();
    expect(row).toMatchObject({ client_code: 'C-017', date: '2026-03-12', format: 'group', group_size: 6, practice_kind: 'mentoring', payment: 'pro_bono', sponsor: 'Acme', notes: 'Goals' });
    expect(Number(row.hours)).toBe(1.5);

    const next = await agent.get('/practice/new');
    expect(next.text).toContain('The practice record “C-017 · 12 March 2026 · 1.5 h” has been saved. Log the next one below.');
    expect(inputValue(next.text, 'clientCode')).toBe('C-017');
    expect(inputValue(next.text, 'groupSize')).toBe('6');
    expect(inputValue(next.text, 'sponsor')).toBe('Acme');
    expect(checkedRadios(next.text).sort()).toEqual(['format=group', 'payment=pro_bono', 'practiceKind=mentoring']);
    expect(inputValue(next.text, 'date')).toBe(today());
    expect(inputValue(next.text, 'hours')).toBe('');
    expect(next.text).not.toContain('Goals');

    // The kept client is for the next form only: the form after it starts from the defaults.
    const later = await agent.get('/practice/new');
    expect(inputValue(later.text, 'clientCode')).toBe('');
    expect(later.text).not.toContain('has been saved');
  });

  test('"Save" still leads to the saved record', async () => {
    const saved = await submitForm(agent, '/practice/new', { ...session, clientCode: 'C-017' }, '/practice');
    const row = await db()('practice_entries').first();
    expect(saved.headers.location).toBe(`/practice/${row.id}`);
    expect((await agent.get(saved.headers.location!)).text).toContain('The practice record has been saved.');
  });

  test('bad input is shown again with the input kept and both buttons, and nothing is saved', async () => {
    await submitForm(agent, '/practice/new', { ...session, clientCode: 'C-001' }, '/practice');
    const refused = await submitForm(agent, '/practice/new', { ...session, clientCode: 'C-002', hours: '-1', notes: 'Kept note', next: 'another' }, '/practice');
    expect(refused.status).toBe(422);
    expect(fieldError(refused.text, 'hours')).toMatch(/greater than 0/);
    expect(inputValue(refused.text, 'clientCode')).toBe('C-002');
    expect(refused.text).toContain('Kept note');
    expect(refused.text).toContain('>Save and log another</button>');
    expect(datalistOf(refused.text, 'clientCode')).toEqual(['C-001']);
    expect(await db()('practice_entries').count('* as n').first()).toMatchObject({ n: 1 });
  });

  test('editing a record offers no "log another"', async () => {
    await submitForm(agent, '/practice/new', { ...session, clientCode: 'C-001' }, '/practice');
    const row = await db()('practice_entries').first();
    const edit = await agent.get(`/practice/${row.id}/edit`);
    expect(edit.text).toContain('Save changes');
    expect(edit.text).not.toContain('Save and log another');
  });
});

describe('supervision and CPD forms', () => {
  test('supervision keeps the supervisor and format for the next record and suggests earlier supervisors', async () => {
    const first = await agent.get('/supervision/new');
    expect(inputValue(first.text, 'date')).toBe(today());
    const saved = await submitForm(
      agent,
      '/supervision/new',
      { date: '2026-02-01', hours: '1', supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'peer', themes: 'Contracting', next: 'another' },
      '/supervision',
    );
    expect(saved.headers.location).toBe('/supervision/new');
    const next = await agent.get('/supervision/new');
    expect(next.text).toContain('The supervision record “1 February 2026 · Dr Sam Lee · 1 h” has been saved. Log the next one below.');
    expect(inputValue(next.text, 'supervisorName')).toBe('Dr Sam Lee');
    expect(inputValue(next.text, 'supervisorEmail')).toBe('sam@example.org');
    expect(checkedRadios(next.text)).toEqual(['format=peer']);
    expect(next.text).not.toContain('Contracting');
    const later = await agent.get('/supervision/new');
    expect(datalistOf(later.text, 'supervisorName')).toEqual(['Dr Sam Lee']);
    expect(datalistOf(later.text, 'supervisorEmail')).toEqual(['sam@example.org']);
    expect(checkedRadios(later.text)).toEqual(['format=peer']);
  });

  test('CPD starts on today for both dates, with the kind of the last record and earlier providers suggested', async () => {
    await submitForm(agent, '/cpd/new', { title: 'Team coaching', provider: 'EMCC', startDate: '2026-01-10', endDate: '2026-01-11', hours: '12', kind: 'workshop' }, '/cpd');
    const form = await agent.get('/cpd/new');
    expect(inputValue(form.text, 'startDate')).toBe(today());
    expect(inputValue(form.text, 'endDate')).toBe(today());
    expect(selectedOption(form.text, 'kind')).toBe('workshop');
    expect(inputValue(form.text, 'title')).toBe('');
    expect(datalistOf(form.text, 'provider')).toEqual(['EMCC']);
  });

  test('the other logs start empty and have no "log another"', async () => {
    const form = await agent.get('/contributions/new');
    expect(inputValue(form.text, 'date')).toBe('');
    expect(form.text).not.toContain('Save and log another');
  });
});
