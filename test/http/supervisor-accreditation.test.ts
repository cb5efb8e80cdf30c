import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, fieldError, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { lastMailTo, linkIn } from '../support/outbox';
import { sendAnswers, signedBy } from '../support/supervisor-form';
import { createRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { evaluatePortfolio } from '../../src/domain/portfolio/evaluation-service';
import { superviseeCodeFor } from '../../src/domain/signoff/given-confirmations';
import type { User } from '../../src/db/repositories/user-repository';
import type request from 'supertest';
import { PdfFile } from '../support/pdf-tools';

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let sam: User;
let agent: ReturnType<TestApp['agent']>;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  // Sam supervises others and keeps a portfolio of their own, aiming for ESIA.
  sam = await makeUser(t.deps, ['applicant', 'supervisor'], { email: 'sam@example.org', name: 'Dr Sam Lee' });
  await updatePortfolioSettings(t.deps, sam.id, { displayName: 'Dr Sam Lee', criteriaSet: 'emcc-esia', targetLevel: 'esia' });
  agent = t.agent();
  await signInAs(agent, sam);
});

const rows = (table: string) => db()(table).select('*').orderBy('id');

describe('the supervision practice log', () => {
  test('a session round-trips through the pages: new, list, edit, refused input kept, delete', async () => {
    const empty = await agent.get('/supervision-practice');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Supervision practice log');
    expect(empty.text).toContain('A group session is logged once: its hours count once.');

    const created = await submitForm(agent, '/supervision-practice/new', { superviseeCode: 'S-004', date: '2026-03-12', hours: '1:30', format: 'individual', notes: 'Contracting' }, '/supervision-practice');
    expect(created.status).toBe(303);
    const group = await submitForm(agent, '/supervision-practice/new', { superviseeCode: 'G-01', date: '2026-03-13', hours: '2', format: 'group', groupSize: '4' }, '/supervision-practice');
    expect(group.status).toBe(303);
    const stored = await rows('supervision_practice_entries');
    expect(stored.map((row) => [row.supervisee_code, Number(row.hours), row.format, row.group_size, row.notes])).toEqual([
      ['S-004', 1.5, 'individual', null, 'Contracting'],
      ['G-01', 2, 'group', 4, null],
    ]);
    const list = await agent.get('/supervision-practice');
    expect(list.text).toMatch(/<strong>2<\/strong> supervision sessions given · <strong>3.5 h<\/strong> in total/);
    expect(list.text).toContain('G-01');

    const bad = await submitForm(agent, '/supervision-practice/new', { superviseeCode: 'Anna Nowak', date: '2026-03-12', hours: '1', format: 'group' }, '/supervision-practice');
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'superviseeCode')).toMatch(/looks like a person’s full name/);
    expect(fieldError(bad.text, 'groupSize')).toBe('Enter how many supervisees took part in the group session.');
    expect(bad.text).toContain('value="Anna Nowak"');
    const missing = await submitForm(agent, '/supervision-practice/new', {}, '/supervision-practice');
    expect(fieldError(missing.text, 'superviseeCode')).toBe('Enter a supervisee code, such as S-004.');
    expect(await rows('supervision_practice_entries')).toHaveLength(2);

    const id = stored[0].id;
    const edited = await submitForm(agent, `/supervision-practice/${id}/edit`, { superviseeCode: 'S-004', date: '2026-03-12', hours: '2', format: 'individual' }, `/supervision-practice/${id}`);
    expect(edited.status).toBe(303);
    expect(Number((await db()('supervision_practice_entries').where('id', id).first()).hours)).toBe(2);
    const page = await agent.get(`/supervision-practice/${id}/delete`);
    const deleted = await agent
      .post(`/supervision-practice/${id}/delete`)
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text) });
    expect(deleted.status).toBe(303);
    expect((await rows('supervision_practice_entries')).map((row) => row.supervisee_code)).toEqual(['G-01']);
  });

  test('the log travels in the JSON export and is restored into an empty portfolio', async () => {
    await createRecord(t.deps, sam.id, 'supervision_practice', { superviseeCode: 'S-009', date: '2026-02-01', hours: 1.25, format: 'individual' });
    const exported = await agent.get('/export.json');
    expect(exported.body.records.supervision_practice).toEqual([expect.objectContaining({ superviseeCode: 'S-009', date: '2026-02-01', hours: 1.25, format: 'individual' })]);
    const other = t.agent();
    await signInAs(other, await makeUser(t.deps, ['applicant'], { email: 'kim@example.org' }));
    const page = await other.get('/export');
    const restored = await other.post(`/export/restore?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('file', Buffer.from(JSON.stringify(exported.body)), 'export.json');
    expect(restored.status).toBe(303);
    expect((await rows('supervision_practice_entries')).map((row) => row.supervisee_code)).toEqual(['S-009', 'S-009']);
    // An export from before the log existed is still accepted.
    const { supervision_practice: _left, ...older } = exported.body.records;
    const third = t.agent();
    await signInAs(third, await makeUser(t.deps, ['applicant'], { email: 'lee@example.org' }));
    const page3 = await third.get('/export');
    const old = await third.post(`/export/restore?_csrf=${encodeURIComponent(csrfTokenIn(page3.text))}`).attach('file', Buffer.from(JSON.stringify({ ...exported.body, records: older })), 'export.json');
    expect(old.status).toBe(303);
  });

  test('supervision records say what they were about, and reflections take supervision competences in their own fieldset', async () => {
    const form = await agent.get('/supervision/new');
    expect(form.text).toContain('My supervision practice (supervision on supervision)');
    await submitForm(agent, '/supervision/new', { date: '2026-03-01', hours: '1', supervisorName: 'Kim', format: 'individual', about: 'supervision' }, '/supervision');
    expect((await rows('supervision_entries')).map((row) => row.about)).toEqual(['supervision']);

    const reflectionForm = await agent.get('/reflections/new');
    expect(reflectionForm.text).toMatch(/<legend>Supervision competences evidenced <span class="optional">\(optional\)<\/span><\/legend>/);
    const none = await submitForm(agent, '/reflections/new', { kind: 'reflection', date: '2026-03-01', title: 'T', text: 'Body' }, '/reflections');
    expect(none.status).toBe(422);
    expect(fieldError(none.text, 'competences')).toBe('Choose at least one competence category, or a supervision competence, that this evidences.');
    const ok = await submitForm(
      agent,
      '/reflections/new',
      { kind: 'reflection', date: '2026-03-01', title: 'Holding the frame', text: 'Body', supervisionCompetences: ['sv_contract_process', 'sv_self_awareness'] },
      '/reflections',
    );
    expect(ok.status).toBe(303);
    expect((await rows('reflections')).map((row) => [row.competences, row.supervision_competences])).toEqual([[[], ['sv_contract_process', 'sv_self_awareness']]]);
  });
});

describe('the ESIA evaluation', () => {
  test('the dashboard shows every requirement with its source and confidence, the not-found ones included', async () => {
    await createRecord(t.deps, sam.id, 'supervision_practice', { superviseeCode: 'S-001', date: '2026-01-05', hours: 1, format: 'individual' });
    const page = await agent.get('/?asOf=2026-03-12');
    expect(page.status).toBe(200);
    expect(page.text).toContain('EMCC Global Supervision Individual Accreditation (ESIA)');
    for (const label of [
      '3 years supervising',
      '10 supervisees',
      '120 supervision contact hours',
      'Supervision on your supervision: 4 hours a year',
      'Supervision training',
      'EIA level held before applying',
      'CPD, essays and references',
      'All 8 supervision competences evidenced',
    ]) {
      expect(page.text).toContain(label);
    }
    expect(page.text).toContain('EMCC Ireland: EMCC Global Supervision Individual Accreditation (ESIA)');
    expect(page.text).toContain('href="https://www.emccireland.org/esia"');
    expect(page.text).toContain('Not found in the public sources searched');
    expect(page.text).toContain('Medium confidence');
    expect(page.text).toContain('Low confidence');
    expect(page.text).toContain('3 years of supervising on 5 January 2029');
    expect(page.text).toContain('Supervising');
  });
});

describe('the ESIA portfolio PDF', () => {
  test('has the supervision practice log, the requirements with their confidence, and reflections’ supervision competences', async () => {
    await createRecord(t.deps, sam.id, 'supervision_practice', { superviseeCode: 'S-001', date: '2026-01-05', hours: 1.5, format: 'individual' });
    await createRecord(t.deps, sam.id, 'supervision_practice', { superviseeCode: 'G-02', date: '2026-01-06', hours: 3, format: 'group', groupSize: 5 });
    await createRecord(t.deps, sam.id, 'reflection', { kind: 'reflection', date: '2026-01-07', title: 'Holding the frame', text: 'Body', supervisionCompetences: ['sv_systemic_awareness'] });
    const binary = (call: request.Test) =>
      call.buffer(true).parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const response = await binary(agent.get('/portfolio.pdf?level=esia&asOf=2026-03-12'));
    expect(response.status).toBe(200);
    const text = new PdfFile(response.body as Buffer).text().replace(/\s+/g, ' ');
    expect(text).toContain('Supervision practice log');
    expect(text).toContain('4.5 h of supervision given in 2 sessions, to 2 supervisee codes');
    expect(text).toContain('G-02');
    expect(text).toContain('Supervision competences: Systemic awareness');
    expect(text).toContain('120 supervision contact hours');
    expect(text).toMatch(/Not found in the public sources searched/);
  });
});

describe('confirmations given through the app', () => {
  test('a session Sam confirmed for Ana counts, once added, toward Sam’s hours and supervisees under a pseudonymous code', async () => {
    const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
    const anaAgent = t.agent();
    await signInAs(anaAgent, ana);
    const record = await createRecord(t.deps, ana.id, 'supervision', { date: '2026-02-10', hours: 1.5, supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual' });
    const askPage = await anaAgent.get('/supervision/confirmations');
    await anaAgent
      .post('/supervision/confirmations')
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrfTokenIn(askPage.text))}&records=${record.id}`);
    const link = linkIn((await lastMailTo(db(), 'sam@example.org'))!.text);
    expect((await sendAnswers(t.agent(), link, signedBy())).status).toBe(303);

    const page = await agent.get('/supervision-practice/confirmations');
    expect(page.status).toBe(200);
    const code = superviseeCodeFor(sam.id, (await db()('portfolios').where('owner_id', ana.id).first()).id);
    expect(code).toMatch(/^SV-[0-9A-F]{6}$/);
    expect(page.text).toContain(code);
    expect(page.text).toContain('10 February 2026');
    expect(page.text).toContain('Their request to you is their consent');
    expect(page.text).not.toContain('Ana');
    expect(page.text).not.toContain('ana@example.org');

    const before = await evaluatePortfolio(t.deps, sam.id, { asOf: '2026-03-12' });
    expect(before.evaluation.levels[0]!.requirements.find((r) => r.id === 'esia.hours')!.actual).toBe(0);

    const signoff = await db()('signoffs').first();
    const add = () =>
      agent
        .post(`/supervision-practice/confirmations/${signoff.id}`)
        .type('form')
        .send({ _csrf: csrfTokenIn(page.text) });
    expect((await add()).status).toBe(303);
    expect((await add()).status).toBe(303); // a second click adds nothing
    const logged = await rows('supervision_practice_entries');
    expect(logged.map((row) => [row.supervisee_code, row.date instanceof Date ? row.date.toISOString().slice(0, 10) : row.date, Number(row.hours), row.signoff_id])).toEqual([[code, '2026-02-10', 1.5, signoff.id]]);
    expect((await agent.get('/supervision-practice/confirmations')).text).toContain('Added: counts once');

    const after = await evaluatePortfolio(t.deps, sam.id, { asOf: '2026-03-12' });
    const byId = Object.fromEntries(after.evaluation.levels[0]!.requirements.map((r) => [r.id, r]));
    expect(byId['esia.hours']).toMatchObject({ actual: 1.5, counted: [`supervision_practice:${logged[0].id}`] });
    expect(byId['esia.supervisees']!.actual).toBe(1);
    expect(byId['esia.years']!.notes[0]).toContain('10 February 2026');
  });

  test('another person’s confirmation cannot be added, and an unproved address sees none', async () => {
    const page = await agent.get('/supervision-practice/confirmations');
    const response = await agent
      .post('/supervision-practice/confirmations/999')
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text) });
    expect(response.status).toBe(404);
    const unverified = await makeUser(t.deps, ['applicant', 'supervisor'], { email: 'kim@example.org', verified: false });
    const kim = t.agent();
    await signInAs(kim, unverified);
    expect((await kim.get('/supervision-practice/confirmations')).text).toContain('Confirm your email address first');
  });
});
