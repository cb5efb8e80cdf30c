import path from 'node:path';
import { localPath } from '../support/local-store';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { sweepEvidenceStore } from '../../src/domain/evidence/evidence-service';
import { evidenceFileRepository } from '../../src/db/repositories/evidence-file-repository';
import type { User } from '../../src/db/repositories/user-repository';
import { binaryBody } from '../support/binary-body';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'evidence', name);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const testDb = useTestDb();
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;
const db = () => testDb.current.db;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db, env: { UPLOAD_MAX_FILE_MB: '0.01', PORTFOLIO_QUOTA_MB: '0.02' } });
  await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org' });
  agent = t.agent();
  await signInAs(agent, ana);
});

async function upload(files: string[], link?: string, as = agent) {
  const page = await as.get('/files');
  const request = as.post(`/files?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`);
  if (link) request.field('link', link);
  for (const file of files) request.attach('files', file);
  return request;
}

async function cpdRecord(): Promise<number> {
  await submitForm(agent, '/cpd/new', { title: 'Supervision skills', startDate: '2026-01-10', endDate: '2026-01-10', hours: '7', kind: 'workshop' }, '/cpd');
  return (await db()('cpd_entries').first()).id;
}

test('a certificate uploaded on a CPD record is stored by its SHA-256, linked, and downloadable', async () => {
  const cpdId = await cpdRecord();
  const response = await upload([fixture('certificate.pdf')], `cpd:${cpdId}`);
  expect(response.status).toBe(303);
  expect(response.headers.location).toBe(`/cpd/${cpdId}`);
  const row = await db()('evidence_files').first();
  expect(row).toMatchObject({ name: 'certificate.pdf', media_type: 'application/pdf', sha256: sha256(fixture('certificate.pdf')) });
  expect(await db()('evidence_links').first()).toEqual({ file_id: row.id, record_type: 'cpd', record_id: cpdId });
  expect(await t.deps.evidenceStore.exists(row.sha256)).toBe(true);
  expect((await agent.get(`/cpd/${cpdId}`)).text).toContain('certificate.pdf');

  const download = await agent.get(`/files/${row.id}/download`).buffer(true).parse(binaryBody);
  expect(download.headers['content-disposition']).toMatch(/^attachment; filename="?certificate\.pdf"?$/);
  expect(download.headers['content-type']).toBe('application/pdf');
  expect(Buffer.compare(download.body as Buffer, readFileSync(fixture('certificate.pdf')))).toBe(0);
});

test('one file can be linked to several records, and an image is previewed', async () => {
  const cpdId = await cpdRecord();
  await submitForm(agent, '/feedback/new', { date: '2026-02-21', clientCode: 'C-017', channel: 'written', summary: 'Thank you' }, '/feedback');
  const feedbackId = (await db()('feedback_items').first()).id;
  await upload([fixture('tiny.png')], `cpd:${cpdId}`);
  const file = await db()('evidence_files').first();
  const linked = await submitForm(agent, `/files/${file.id}`, { shown: [`cpd:${cpdId}`, `feedback:${feedbackId}`], linked: [`cpd:${cpdId}`, `feedback:${feedbackId}`] }, `/files/${file.id}/links`);
  expect(linked.status).toBe(303);
  expect(await db()('evidence_links').where('file_id', file.id).count<{ count: number }[]>('* as count')).toEqual([{ count: 2 }]);
  const page = await agent.get(`/files/${file.id}`);
  expect(page.text).toContain(`src="/files/${file.id}/preview"`);
  const preview = await agent.get(`/files/${file.id}/preview`);
  expect(preview.headers['content-type']).toBe('image/png');
});

test('a disguised executable is refused by its content, and nothing is kept', async () => {
  const response = await upload([fixture('program.pdf')]);
  expect(response.status).toBe(422);
  expect(response.text).toContain('“program.pdf” is not a PDF, PNG, JPEG, Word (DOCX) or plain text file');
  expect(await db()('evidence_files').first()).toBeUndefined();
  expect(existsSync(localPath(t.deps, sha256(fixture('program.pdf'))))).toBe(false);
});

test('an oversized file is refused with the limit, and so is going past the quota', async () => {
  const big = Buffer.alloc(12 * 1024, 'a');
  const page = await agent.get('/files');
  const tooBig = await agent.post(`/files?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('files', big, 'big.txt');
  expect(tooBig.status).toBe(422);
  // The limit is 0.01 MB: shown as it is, not rounded to “0 MB”.
  expect(tooBig.text).toContain('A file is larger than 10.2 KB, the most a single evidence file may be.');
  expect(await db()('evidence_files').first()).toBeUndefined();

  const nine = Buffer.alloc(9 * 1024, 'b');
  const page2 = await agent.get('/files');
  expect((await agent.post(`/files?_csrf=${encodeURIComponent(csrfTokenIn(page2.text))}`).attach('files', nine, 'one.txt')).status).toBe(303);
  const page3 = await agent.get('/files');
  expect((await agent.post(`/files?_csrf=${encodeURIComponent(csrfTokenIn(page3.text))}`).attach('files', Buffer.alloc(9 * 1024, 'c'), 'two.txt')).status).toBe(303);
  const page4 = await agent.get('/files');
  const over = await agent.post(`/files?_csrf=${encodeURIComponent(csrfTokenIn(page4.text))}`).attach('files', Buffer.alloc(9 * 1024, 'd'), 'three.txt');
  expect(over.status).toBe(422);
  expect(over.text).toContain('These files would take your portfolio past its 20.5 KB of space (18.0 KB used).');
  expect(await db()('evidence_files').count<{ count: number }[]>('* as count')).toEqual([{ count: 2 }]);
  // A file the portfolio holds already takes no more room, so the full quota does not refuse it.
  const page5 = await agent.get('/files');
  expect((await agent.post(`/files?_csrf=${encodeURIComponent(csrfTokenIn(page5.text))}`).attach('files', nine, 'one-again.txt')).status).toBe(303);
  expect(await db()('evidence_files').count<{ count: number }[]>('* as count')).toEqual([{ count: 2 }]);
});

test('a failure between storing the bytes and committing the row leaves no record, and the cleanup removes the file', async () => {
  const original = evidenceFileRepository.insertOrFind;
  evidenceFileRepository.insertOrFind = async () => {
    throw new Error('simulated crash before commit');
  };
  try {
    const response = await upload([fixture('notes.txt')]);
    expect(response.status).toBe(500);
    expect(response.text).not.toContain('simulated crash');
  } finally {
    evidenceFileRepository.insertOrFind = original;
  }
  expect(await db()('evidence_files').first()).toBeUndefined();
  const stored = localPath(t.deps, sha256(fixture('notes.txt')));
  expect(existsSync(stored)).toBe(true);
  const kept = await sweepEvidenceStore(t.deps);
  expect(kept.removed).toEqual([]); // young files are kept: their row may be about to commit
  const swept = await sweepEvidenceStore(t.deps, 0);
  expect(swept.removed).toEqual([sha256(fixture('notes.txt'))]);
  expect(existsSync(stored)).toBe(false);
});

test('the cleanup keeps files that a row refers to', async () => {
  await upload([fixture('notes.txt')]);
  const swept = await sweepEvidenceStore(t.deps, 0);
  expect(swept.removed).toEqual([]);
  expect(readdirSync(path.dirname(localPath(t.deps, sha256(fixture('notes.txt')))))).toContain(sha256(fixture('notes.txt')));
});

test('another applicant cannot see, download, link or delete the file', async () => {
  await upload([fixture('notes.txt')]);
  const file = await db()('evidence_files').first();
  const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
  const other = t.agent();
  await signInAs(other, bob);
  for (const path of [`/files/${file.id}`, `/files/${file.id}/download`, `/files/${file.id}/preview`]) expect((await other.get(path)).status).toBe(404);
  expect((await submitForm(other, '/files', {}, `/files/${file.id}/delete`)).status).toBe(404);
  // Bob cannot attach his upload to Ana's record either.
  await submitForm(agent, '/feedback/new', { date: '2026-02-21', clientCode: 'C-017', channel: 'written', summary: 'Thank you' }, '/feedback');
  const feedbackId = (await db()('feedback_items').first()).id;
  expect((await upload([fixture('tiny.png')], `feedback:${feedbackId}`, other)).status).toBe(404);
  expect((await other.get('/files')).text).not.toContain('notes.txt');
  expect(await db()('evidence_files').count<{ count: number }[]>('* as count')).toEqual([{ count: 1 }]);
});

test('deleting a file removes it and its links', async () => {
  const cpdId = await cpdRecord();
  await upload([fixture('notes.txt')], `cpd:${cpdId}`);
  const file = await db()('evidence_files').first();
  const deleted = await submitForm(agent, '/files', {}, `/files/${file.id}/delete`);
  expect(deleted.headers.location).toBe('/files');
  expect(await db()('evidence_files').first()).toBeUndefined();
  expect(await db()('evidence_links').first()).toBeUndefined();
});

test('uploading a file the portfolio already holds says so, and adds nothing twice', async () => {
  await upload([fixture('certificate.pdf')]);
  expect((await agent.get('/files')).text).toContain('The file has been added to your evidence.');
  await upload([fixture('certificate.pdf'), fixture('tiny.png')]);
  const page = (await agent.get('/files')).text;
  expect(page).toContain('The file has been added to your evidence. “certificate.pdf” was already in your files, so nothing was added twice.');
  expect(await db()('evidence_files').count('* as n').first()).toEqual({ n: 2 });
});
