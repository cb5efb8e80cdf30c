import path from 'node:path';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, formBody } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { createRecord } from '../../src/domain/records/record-service';
import type { User } from '../../src/db/repositories/user-repository';

// An evidence file is linked to records from a checklist grouped by log, filtered without JavaScript.
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'evidence', name);
const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;
let fileId: number;
const ids: Record<string, number> = {};

beforeEach(async () => {
  t = createTestApp({ db: db() });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org' });
  agent = t.agent();
  await signInAs(agent, ana);
  const practice = (clientCode: string, date: string, notes?: string) =>
    createRecord(t.deps, ana.id, 'practice', { clientCode, date, hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', ...(notes ? { notes } : {}) });
  ids.c017 = (await practice('C-017', '2026-03-12', 'Contracting around goals')).id;
  ids.c018 = (await practice('C-018', '2026-03-19')).id;
  ids.c100 = (await practice('C-100', '2026-02-02')).id;
  ids.supervision = (await createRecord(t.deps, ana.id, 'supervision', { date: '2026-03-01', hours: 1, supervisorName: 'Dr Sam Lee', format: 'individual', themes: 'Ethics of dual roles' })).id;
  ids.cpd = (await createRecord(t.deps, ana.id, 'cpd', { title: 'Team coaching essentials', provider: 'Coaching Academy', startDate: '2026-01-10', endDate: '2026-01-10', hours: 7, kind: 'workshop' })).id;
  const page = await agent.get('/files');
  await agent.post(`/files?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('files', fixture('three-pages.pdf'));
  fileId = (await db()('evidence_files').first()).id;
});

const links = async () => (await db()('evidence_links').where('file_id', fileId).orderBy(['record_type', 'record_id'])).map((row) => `${row.record_type}:${row.record_id}`);
const checkbox = (html: string, ref: string) => new RegExp(`<input type="checkbox" id="link-${ref.replace(':', '-')}" name="linked" value="${ref}"( checked)?>`).exec(html);
const ticked = (html: string, ref: string) => checkbox(html, ref)?.[1] === ' checked';

/** Sends the checklist as shown at `pagePath`, ticked exactly as `tick` says (unnamed boxes as they were). */
async function saveChecklist(pagePath: string, tick: Record<string, boolean>) {
  const page = await agent.get(pagePath);
  const form = page.text.slice(page.text.indexOf(`action="/files/${fileId}/links"`));
  const shown = [...form.matchAll(/name="shown" value="([^"]+)"/g)].map((match) => match[1]!);
  const linked = shown.filter((ref) => tick[ref] ?? ticked(form, ref));
  const kept = Object.fromEntries([...form.slice(0, form.indexOf('</form>')).matchAll(/<input type="hidden" name="(q|type)" value="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
  return agent
    .post(`/files/${fileId}/links`)
    .type('form')
    .send(formBody({ _csrf: csrfTokenIn(page.text), shown, linked, ...kept }));
}

test('sizes read “46 bytes” and “6.3 KB”, never “0 KB”, on the list and the file page', async () => {
  const page = await agent.get('/files');
  await agent.post(`/files?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('files', fixture('notes.txt'));
  const list = (await agent.get('/files')).text;
  expect(list).toContain('<td class="num" data-label="Size">46 bytes</td>');
  expect(list).toContain('<td class="num" data-label="Size">6.3 KB</td>');
  expect(list).toMatch(/Space used: 6\.4 KB of [\d.]+ MB/);
  expect((await agent.get(`/files/${fileId}`)).text).toContain('<dd>6.3 KB (6,492 bytes)</dd>');
});

test('the checklist lists every record grouped by log, each with its date, who it was with and what it was', async () => {
  await db()('evidence_links').insert({ file_id: fileId, record_type: 'cpd', record_id: ids.cpd });
  const page = (await agent.get(`/files/${fileId}`)).text;
  expect(page).not.toContain('<select id="field-record"');
  const legends = [...page.matchAll(/<legend>([^<]+) <span class="link-group__count">\((\d+)\)<\/span><\/legend>/g)].map((match) => [match[1], match[2]]);
  expect(legends).toEqual([
    ['Client practice log', '3'],
    ['Supervision log', '1'],
    ['CPD log', '1'],
  ]);
  // Newest first within a log.
  expect(page.indexOf(`value="practice:${ids.c018}"`)).toBeLessThan(page.indexOf(`value="practice:${ids.c017}"`));
  expect(page).toContain(`<label for="link-practice-${ids.c017}"><span class="link-choice__date">12 March 2026</span> · <strong>Client C-017</strong> · 1.5 h, one-to-one coaching</label>`);
  expect(page).toContain(`<label for="link-supervision-${ids.supervision}"><span class="link-choice__date">1 March 2026</span> · <strong>Dr Sam Lee</strong> · 1 h, individual: Ethics of dual roles</label>`);
  expect(page).toContain('· <strong>Coaching Academy</strong> · Team coaching essentials (7 h)</label>');
  expect(ticked(page, `cpd:${ids.cpd}`)).toBe(true);
  expect(ticked(page, `practice:${ids.c017}`)).toBe(false);
});

test('the filter (a GET form) finds records by client code or words, and narrows to one log', async () => {
  const byCode = (await agent.get(`/files/${fileId}?q=c-01`)).text;
  expect(checkbox(byCode, `practice:${ids.c017}`)).not.toBeNull();
  expect(checkbox(byCode, `practice:${ids.c018}`)).not.toBeNull();
  expect(checkbox(byCode, `practice:${ids.c100}`)).toBeNull();
  expect(checkbox(byCode, `cpd:${ids.cpd}`)).toBeNull();
  expect(byCode).toContain('<input id="field-q" name="q" type="text" value="c-01"');

  const byWords = (await agent.get(`/files/${fileId}?q=${encodeURIComponent('dual roles')}`)).text;
  expect([...byWords.matchAll(/name="shown" value="([^"]+)"/g)].map((match) => match[1])).toEqual([`supervision:${ids.supervision}`]);

  const byLog = (await agent.get(`/files/${fileId}?type=cpd`)).text;
  expect([...byLog.matchAll(/name="shown" value="([^"]+)"/g)].map((match) => match[1])).toEqual([`cpd:${ids.cpd}`]);
  expect(byLog).toContain('<option value="cpd" selected>CPD log</option>');

  // LIKE's wildcards are taken literally.
  expect((await agent.get(`/files/${fileId}?q=%25`)).text).toContain('No record matches this filter.');
});

test('several records are linked at once, and unticking unlinks: one audit event per change', async () => {
  const saved = await saveChecklist(`/files/${fileId}`, { [`practice:${ids.c017}`]: true, [`supervision:${ids.supervision}`]: true, [`cpd:${ids.cpd}`]: true });
  expect(saved.status).toBe(303);
  expect(saved.headers.location).toBe(`/files/${fileId}`);
  expect(await links()).toEqual([`cpd:${ids.cpd}`, `practice:${ids.c017}`, `supervision:${ids.supervision}`]);
  const page = (await agent.get(`/files/${fileId}`)).text;
  expect(page).toContain('Links saved: linked to 3 records.');
  expect(ticked(page, `practice:${ids.c017}`)).toBe(true);
  expect(page).toContain('Client practice log: C-017 · 12 March 2026 · 1.5 h');

  expect((await saveChecklist(`/files/${fileId}`, { [`practice:${ids.c017}`]: false, [`practice:${ids.c100}`]: true })).status).toBe(303);
  expect(await links()).toEqual([`cpd:${ids.cpd}`, `practice:${ids.c100}`, `supervision:${ids.supervision}`]);
  expect((await agent.get(`/files/${fileId}`)).text).toContain('Links saved: linked to 1 record, unlinked from 1 record.');
  const audit = await db()('audit_events').whereIn('action', ['evidence_file.linked', 'evidence_file.unlinked']).orderBy('id');
  // In the checklist's order: each log newest first.
  expect(audit.map((event) => [event.action, event.details.record])).toEqual([
    ['evidence_file.linked', `practice:${ids.c017}`],
    ['evidence_file.linked', `supervision:${ids.supervision}`],
    ['evidence_file.linked', `cpd:${ids.cpd}`],
    ['evidence_file.unlinked', `practice:${ids.c017}`],
    ['evidence_file.linked', `practice:${ids.c100}`],
  ]);
});

test('saving a filtered checklist changes only the records it showed, and returns to the same filter', async () => {
  await db()('evidence_links').insert([
    { file_id: fileId, record_type: 'cpd', record_id: ids.cpd },
    { file_id: fileId, record_type: 'practice', record_id: ids.c100 },
  ]);
  // Only C-017 and C-018 are shown: unticking nothing, ticking C-018.
  const saved = await saveChecklist(`/files/${fileId}?q=C-01&type=practice`, { [`practice:${ids.c018}`]: true });
  expect(saved.headers.location).toBe(`/files/${fileId}?q=C-01&type=practice`);
  expect(await links()).toEqual([`cpd:${ids.cpd}`, `practice:${ids.c018}`, `practice:${ids.c100}`]);
  expect((await agent.get(saved.headers.location!)).text).toContain('Links saved: linked to 1 record.');
});

test('a record of another person among the shown is refused, and nothing of the save is kept', async () => {
  const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
  const bobs = await createRecord(t.deps, bob.id, 'practice', { clientCode: 'B-001', date: '2026-03-01', hours: 1, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  const page = await agent.get(`/files/${fileId}`);
  const refused = await agent
    .post(`/files/${fileId}/links`)
    .type('form')
    .send(formBody({ _csrf: csrfTokenIn(page.text), shown: [`practice:${ids.c017}`, `practice:${bobs.id}`], linked: [`practice:${ids.c017}`, `practice:${bobs.id}`] }));
  expect(refused.status).toBe(404);
  expect(await links()).toEqual([]);
});
