import path from 'node:path';
import { readFileSync } from 'node:fs';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import type { User } from '../../src/db/repositories/user-repository';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'import', name);
const testDb = useTestDb();
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;
const db = () => testDb.current.db;
const count = async (table: string) => Number((await db()(table).count<{ count: number }[]>('* as count'))[0]!.count);

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org' });
  agent = t.agent();
  await signInAs(agent, ana);
});

async function uploadImport(file: string | Buffer, kind: string, as = agent, name = 'upload.csv') {
  const page = await as.get('/import');
  const request = as
    .post(`/import?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`)
    .field('kind', kind)
    .field('clientCodeRule', 'initials');
  return typeof file === 'string' ? request.attach('file', file) : request.attach('file', file, name);
}

async function commit(batchPath: string, as = agent) {
  const preview = await as.get(batchPath);
  return as
    .post(`${batchPath}/commit`)
    .type('form')
    .send({ _csrf: csrfTokenIn(preview.text) });
}

describe('import', () => {
  test('the app template previews, then commits every row in one go', async () => {
    const uploaded = await uploadImport(fixture('practice-template.csv'), 'practice');
    expect(uploaded.status).toBe(303);
    const preview = await agent.get(uploaded.headers.location!);
    expect(preview.text).toContain('EIA Portfolio template layout');
    expect(preview.text).toContain('read as 16 September 2025');
    const batch = await db()('import_batches').first();
    expect(await count('practice_entries')).toBe(0);
    const committed = await commit(uploaded.headers.location!);
    expect(committed.headers.location).toBe('/practice');
    expect(await count('practice_entries')).toBe(batch.rows.length);
    expect((await agent.get('/practice')).text).toContain('were added to your client practice log');
    // Confirming twice imports once.
    await commit(uploaded.headers.location!);
    expect(await count('practice_entries')).toBe(batch.rows.length);
  });

  test('the same file again is recognised as duplicates and adds nothing', async () => {
    await commit((await uploadImport(fixture('practice-template.csv'), 'practice')).headers.location!);
    const before = await count('practice_entries');
    const again = await uploadImport(fixture('practice-template.csv'), 'practice');
    const preview = await agent.get(again.headers.location!);
    expect(preview.text).toContain('Every row of this file is already in your portfolio');
    expect(await count('practice_entries')).toBe(before);
  });

  test('an ICF spreadsheet with two bad rows names each row, column and reason, and imports nothing until fixed', async () => {
    const uploaded = await uploadImport(fixture('icf-client-log-two-bad-rows.csv'), 'practice');
    const preview = await agent.get(uploaded.headers.location!);
    expect(preview.text).toContain('ICF client coaching log layout');
    expect(preview.text).toMatch(/<td class="num" data-label="Row">3<\/td><td data-label="Column">Start Date<\/td>/);
    expect(preview.text).toMatch(/<td class="num" data-label="Row">5<\/td><td data-label="Column">Paid Hours<\/td>/);
    expect(preview.text).toContain('Nothing has been imported');
    expect(preview.text).not.toContain('ana.novak@example.org');
    expect(preview.text).not.toContain('Ana Novak');
    const refused = await commit(uploaded.headers.location!);
    expect(refused.status).toBe(409);
    expect(await count('practice_entries')).toBe(0);

    const fixed = readFileSync(fixture('icf-client-log-two-bad-rows.csv'), 'utf8').replace('31/02/2026', '28/02/2026').replace(',abc,', ',2,');
    const second = await uploadImport(Buffer.from(fixed), 'practice', agent, 'fixed.csv');
    expect((await commit(second.headers.location!)).status).toBe(303);
    const stored = await db()('practice_entries').select('client_code', 'payment', 'hours');
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toMatch(/Novak|example\.org/);
    expect(stored.some((row) => row.payment === 'pro_bono')).toBe(true);
  });

  test('an XLSX in the ICF layout imports', async () => {
    const uploaded = await uploadImport(fixture('icf-client-log.xlsx'), 'practice');
    expect(uploaded.status).toBe(303);
    await commit(uploaded.headers.location!);
    const total = (await db()('practice_entries').sum({ hours: 'hours' }).first()) as { hours: string };
    expect(Number(total.hours)).toBe(129.5);
    expect(await count('practice_entries')).toBe(24);
  });

  test.each([
    ['empty.csv', 'has no rows below the header'],
    ['wrong-headers.csv', 'Missing columns'],
    ['not-really.xlsx', 'valid Excel'],
  ])('a bad file (%s) is refused on the import page with the reason', async (file, message) => {
    const response = await uploadImport(fixture(file), 'practice');
    expect(response.status).toBe(422);
    expect(response.text).toContain(message);
    expect(await count('import_batches')).toBe(0);
  });

  test('a Windows-1252 CSV and a semicolon CSV with a BOM are read correctly', async () => {
    await commit((await uploadImport(fixture('practice-windows-1252.csv'), 'practice')).headers.location!);
    expect((await db()('practice_entries').whereNotNull('sponsor').first()).sponsor).toContain('Société Générale');
    await commit((await uploadImport(fixture('practice-semicolon-bom.csv'), 'practice')).headers.location!);
    expect(await count('practice_entries')).toBeGreaterThan(1);
  });

  test('supervision and CPD templates import, and the template downloads', async () => {
    await commit((await uploadImport(fixture('supervision-template.csv'), 'supervision')).headers.location!);
    await commit((await uploadImport(fixture('cpd-template.csv'), 'cpd')).headers.location!);
    expect(await count('supervision_entries')).toBeGreaterThan(0);
    expect(await count('cpd_entries')).toBeGreaterThan(0);
    const template = await agent.get('/import/templates/practice.csv');
    expect(template.text.split(/\r?\n/)[0]).toBe('client_code,date,end_date,hours,format,group_size,practice_kind,payment,sponsor,delivery,notes');
  });

  test('another applicant cannot open or commit someone’s import', async () => {
    const uploaded = await uploadImport(fixture('practice-template.csv'), 'practice');
    const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
    const other = t.agent();
    await signInAs(other, bob);
    expect((await other.get(uploaded.headers.location!)).status).toBe(404);
    const page = await other.get('/import');
    expect(
      (
        await other
          .post(`${uploaded.headers.location!}/commit`)
          .type('form')
          .send({ _csrf: csrfTokenIn(page.text) })
      ).status,
    ).toBe(404);
    expect(await count('practice_entries')).toBe(0);
  });
});

describe('export', () => {
  test('an exported CSV re-imports to the same records, formula cells neutralised', async () => {
    await submitForm(
      agent,
      '/practice/new',
      { clientCode: 'C-1', date: '2026-01-05', hours: '1.25', format: 'group', groupSize: '4', practiceKind: 'mentoring', payment: 'pro_bono', notes: '=HYPERLINK("http://evil")', sponsor: 'Zażółć' },
      '/practice',
    );
    await submitForm(
      agent,
      '/practice/new',
      { clientCode: 'C-2', date: '2026-01-06', endDate: '2026-02-06', hours: '10', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', delivery: 'in_person' },
      '/practice',
    );
    const csv = await agent.get('/practice.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const original = await db()('practice_entries').select('client_code', 'date', 'end_date', 'hours', 'format', 'group_size', 'practice_kind', 'payment', 'sponsor', 'delivery', 'notes').orderBy('id');

    const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
    const other = t.agent();
    await signInAs(other, bob);
    const uploaded = await uploadImport(Buffer.from(csv.text), 'practice', other, 'practice.csv');
    expect((await commit(uploaded.headers.location!, other)).status).toBe(303);
    const bobPortfolio = await db()('portfolios').where('owner_id', bob.id).first();
    const copy = await db()('practice_entries')
      .where('portfolio_id', bobPortfolio.id)
      .select('client_code', 'date', 'end_date', 'hours', 'format', 'group_size', 'practice_kind', 'payment', 'sponsor', 'delivery', 'notes')
      .orderBy('id');
    expect(copy).toEqual(original);
  });

  test('the JSON export restores into an empty account with identical records and totals', async () => {
    await submitForm(agent, '/settings', { displayName: 'Ana Kowalska', firstPracticeDate: '2020-01-01', practiceRole: 'coach', aim: 'emcc-eia/practitioner' });
    await commit((await uploadImport(fixture('practice-template.csv'), 'practice')).headers.location!);
    await commit((await uploadImport(fixture('supervision-template.csv'), 'supervision')).headers.location!);
    await submitForm(agent, '/cpd/new', { title: 'Course', startDate: '2026-01-10', endDate: '2026-01-11', hours: '12', kind: 'training_course' }, '/cpd');
    await submitForm(agent, '/contributions/new', { kind: 'article', title: 'On listening', date: '2026-02-01' }, '/contributions');
    await submitForm(agent, '/feedback/new', { date: '2026-02-21', clientCode: 'C-001', channel: 'survey', summary: 'Helpful' }, '/feedback');
    const supervisionId = (await db()('supervision_entries').first()).id;
    const form = await agent.get('/reflections/new');
    await agent
      .post('/reflections')
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrfTokenIn(form.text))}&kind=reflection&date=2026-02-02&title=T&text=B&competences=evaluation&linkedRecords=supervision%3A${supervisionId}`);

    const exported = await agent.get('/export.json');
    expect(exported.body.format).toBe('eia-portfolio-export');
    const schema = await agent.get('/schemas/portfolio-export.schema.json');
    expect(schema.body.title).toBe('EIA Portfolio export');

    const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
    const other = t.agent();
    await signInAs(other, bob);
    const page = await other.get('/export');
    const restored = await other.post(`/export/restore?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('file', Buffer.from(JSON.stringify(exported.body)), 'export.json');
    expect(restored.status).toBe(303);
    const again = await other.get('/export.json');
    const strip = (document: { records: Record<string, { id: number; linkedRecords?: string[] }[]> }) =>
      Object.fromEntries(
        Object.entries(document.records).map(([type, records]) => [type, records.map(({ id: _id, linkedRecords, ...rest }) => ({ ...rest, linkedRecords: linkedRecords?.map((link) => link.split(':')[0]) }))]),
      );
    expect(strip(again.body)).toEqual(strip(exported.body));
    expect(again.body.portfolio).toEqual(exported.body.portfolio);
    const linked = again.body.records.reflection[0].linkedRecords[0];
    expect(again.body.records.supervision.map((record: { id: number }) => `supervision:${record.id}`)).toContain(linked);
    // Restoring into a portfolio that has records is refused, and nothing changes.
    const page2 = await other.get('/export');
    const refused = await other.post(`/export/restore?_csrf=${encodeURIComponent(csrfTokenIn(page2.text))}`).attach('file', Buffer.from(JSON.stringify(exported.body)), 'export.json');
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('already has records');
  });

  test('a document that is not an export is refused with the reason', async () => {
    const page = await agent.get('/export');
    const refused = await agent.post(`/export/restore?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('file', Buffer.from('{"format":"other"}'), 'x.json');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('does not follow the EIA Portfolio export format');
  });
});
