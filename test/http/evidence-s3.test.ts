import { readFileSync, mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDb, useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { startS3Server } from '../support/s3-server';
import { localPath } from '../support/local-store';
import { sweepEvidenceStore } from '../../src/domain/evidence/evidence-service';
import { runCommand, type CliOutput } from '../../src/cli';
import { S3EvidenceStore } from '../../src/storage/s3-evidence-store';
import { binaryBody } from '../support/binary-body';

// The whole app with STORAGE=s3 against an S3-compatible server on loopback: what a user
// uploads lands in the bucket, comes back from it, is swept from it when orphaned, and travels
// in a backup that restores into an instance whose evidence is in a folder.

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'evidence', name);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const testDb = useTestDb();
let s3: Awaited<ReturnType<typeof startS3Server>>;
let t: TestApp;

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
});
beforeEach(() => {
  t = createTestApp({ db: testDb.current.db, env: s3.env });
});
afterEach(async () => {
  await (t.deps.evidenceStore as S3EvidenceStore).close();
});

async function signedInUpload(file: string) {
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org' });
  const agent = t.agent();
  await signInAs(agent, ana);
  const page = await agent.get('/files');
  const response = await agent.post(`/files?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('files', file);
  return { agent, response };
}

test('STORAGE=s3 builds the bucket store from the configuration', () => {
  expect(t.deps.evidenceStore).toBeInstanceOf(S3EvidenceStore);
  expect(t.deps.evidenceStore.describe()).toBe(`the bucket eia-evidence at ${s3.endpoint}`);
});

test('an uploaded file is kept in the bucket and downloaded from it, byte for byte', async () => {
  const { agent, response } = await signedInUpload(fixture('certificate.pdf'));
  expect(response.status).toBe(303);
  const row = await testDb.current.db('evidence_files').first();
  expect(row.sha256).toBe(sha256(fixture('certificate.pdf')));
  expect(await t.deps.evidenceStore.exists(row.sha256)).toBe(true);
  const download = await agent.get(`/files/${row.id}/download`).buffer(true).parse(binaryBody);
  expect(download.status).toBe(200);
  expect((download.body as Buffer).equals(readFileSync(fixture('certificate.pdf')))).toBe(true);
});

test('the orphan sweep removes from the bucket what no row names, and keeps the rest', async () => {
  await signedInUpload(fixture('certificate.pdf'));
  const orphan = await t.deps.evidenceStore.put(Buffer.from('left by a crashed upload'), { maxBytes: 100 });
  const swept = await sweepEvidenceStore(t.deps, -60_000);
  expect(swept.removed).toEqual([orphan.sha256]);
  expect(await t.deps.evidenceStore.exists(sha256(fixture('certificate.pdf')))).toBe(true);
});

test('a backup of an instance on S3 carries its files, and restores into an instance on disk', async () => {
  await signedInUpload(fixture('certificate.pdf'));
  const lines: string[] = [];
  const io: CliOutput = { out: (line) => lines.push(line), err: (line) => lines.push(line) };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'eia-s3-backup-')), 'backup.tar.gz');
  expect(await runCommand(['backup', '--out', file], t.deps, io)).toBe(0);

  const target = await createTestDb();
  try {
    const local = createTestApp({ db: target.db });
    expect(await runCommand(['restore', '--in', file], local.deps, io)).toBe(0);
    const restored = readFileSync(localPath(local.deps, sha256(fixture('certificate.pdf'))));
    expect(restored.equals(readFileSync(fixture('certificate.pdf')))).toBe(true);
    expect((await target.db('evidence_files').first()).sha256).toBe(sha256(fixture('certificate.pdf')));
  } finally {
    await target.destroy();
  }
}, 60_000);
