import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knex from 'knex';
import request from 'supertest';
import { bootstrap } from '../../src/bootstrap';
import type { Db } from '../../src/db/knex';
import { makeUser, signInAs } from '../support/factories';
import { csrfTokenIn, formBody } from '../support/forms';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { ServerProcess } from '../support/server-process';
import { testBackend } from '../support/test-db';

/**
 * Crash safety, on the real server in a child process: it is killed (SIGKILL, so nothing of it
 * runs) in the middle of an import commit, an upload and a submission, then started again.
 * After the restart nothing is half-stored: no partial rows, no stored file without the row
 * that names it, no half-written upload; and the interrupted action can simply be done again.
 */

jest.setTimeout(120_000);

const ANA = { email: 'ana@example.org', name: 'Ana Applicant' };
const ADMIN_URL = process.env.TEST_DATABASE_URL;
const databases: string[] = [];
let template: NodeJS.ProcessEnv;
let env: NodeJS.ProcessEnv;

/** A PostgreSQL database of its own (optionally a copy of another), as a production server has. */
async function createDatabase(copyOf?: string): Promise<string> {
  const name = `eia_crash_${randomBytes(4).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: ADMIN_URL });
  await admin.raw(copyOf ? 'create database ?? template ??' : 'create database ??', copyOf ? [name, copyOf] : [name]);
  await admin.destroy();
  databases.push(name);
  const url = new URL(ADMIN_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

// The people and Ana's portfolio are made once, before any server starts; each test starts
// from a copy (of the data folder, and on PostgreSQL of the database too).
beforeAll(async () => {
  template = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'eia-crash-template-')), SESSION_SECRET: 'crash-test-secret-crash-test-secret-42' };
  if (testBackend() === 'postgres') template.DATABASE_URL = await createDatabase();
  const deps = await bootstrap({ ...template, LOG_LEVEL: 'silent' });
  await makeUser(deps, ['admin'], { email: 'admin@example.org' });
  const ana = await makeUser(deps, ['applicant'], ANA);
  await makeSamplePortfolio(deps, ana.id);
  await deps.evidenceStore.removeWorkFolder();
  await deps.close();
}, 120_000);

beforeEach(async () => {
  // A render left "rendering" by a killed process is queued again after this long (PostgreSQL).
  env = { ...template, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'eia-crash-')), PDF_RENDER_TIMEOUT_SECONDS: '1' };
  cpSync(template.DATA_DIR!, env.DATA_DIR!, { recursive: true });
  if (template.DATABASE_URL) env.DATABASE_URL = await createDatabase(new URL(template.DATABASE_URL).pathname.slice(1));
});

afterAll(async () => {
  if (!databases.length) return;
  const admin = knex({ client: 'pg', connection: ADMIN_URL });
  for (const name of databases) await admin.raw('drop database if exists ?? with (force)', [name]);
  await admin.destroy();
});

const evidenceDir = () => path.join(env.DATA_DIR!, 'evidence');

/** Files in the evidence store's temp folders that are half-written uploads. */
function partFiles(): string[] {
  const tmp = path.join(evidenceDir(), 'tmp');
  if (!existsSync(tmp)) return [];
  return (readdirSync(tmp, { recursive: true }) as string[]).filter((name) => name.endsWith('.part'));
}

/** Every stored file's hash. */
function storedHashes(): string[] {
  return readdirSync(evidenceDir())
    .filter((shard) => /^[0-9a-f]{2}$/.test(shard))
    .flatMap((shard) => readdirSync(path.join(evidenceDir(), shard)))
    .sort();
}

/** Reads the database with the server stopped (the embedded database admits one process). */
async function inDatabase<T>(read: (db: Db) => Promise<T>): Promise<T> {
  const deps = await bootstrap({ ...env, LOG_LEVEL: 'silent' });
  try {
    return await read(deps.db);
  } finally {
    await deps.close();
  }
}

/** Every hash a row names: evidence files, and the files and PDFs frozen in submissions. */
async function referencedHashes(db: Db): Promise<string[]> {
  const rows: { sha256: string }[] = await db.union([db('evidence_files').select('sha256'), db('submission_files').select('sha256')]);
  return [...new Set(rows.map((row) => row.sha256))].sort();
}

async function signedIn(server: ServerProcess) {
  const agent = request.agent(server.baseUrl);
  const signIn = await signInAs(agent, ANA);
  const cookie = ([] as string[])
    .concat(signIn.headers['set-cookie'] ?? [])
    .map((each) => each.split(';')[0])
    .join('; ');
  return { agent, cookie, csrf: csrfTokenIn((await agent.get('/account')).text) };
}

const RECOVERED = 'removed what killed processes left in the evidence store';
/** The stored files the last restart removed because no row named them. */
let recoveredAtStart: string[] = [];

/**
 * Starts the server again after the kill and stops it once no PDF is left to render; checks what
 * no crash may leave: a half-written upload, a stored file without its row.
 */
async function restartAndCheck<T>(read: (db: Db) => Promise<T>): Promise<T> {
  const server = await ServerProcess.start(env);
  try {
    if (env.DATABASE_URL) await untilRendered(env.DATABASE_URL);
  } finally {
    // Stopped even when the wait fails: a server left running would keep jest from exiting.
    await server.stop();
  }
  // (Checked after the stop: a render queued again writes its own PDF while the server runs.)
  expect(partFiles()).toEqual([]);
  recoveredAtStart = (server.log.find((line) => line.msg === RECOVERED)?.removed as string[] | undefined) ?? [];
  return inDatabase(async (db) => {
    expect(storedHashes()).toEqual(await referencedHashes(db));
    return read(db);
  });
}

/** The response's status, or 'no answer' when the server died before answering. */
const statusOrNoAnswer = (request: PromiseLike<{ status: number }>) =>
  request.then(
    (response) => response.status,
    () => 'no answer',
  );

const submitBody = (csrf: string) => formBody({ _csrf: csrf, level: 'practitioner', declarations: ['ethics', 'diversity'] });

const practiceCsv = (rows: number) =>
  ['client_code,date,hours,format,practice_kind,payment', ...Array.from({ length: rows }, (_, index) => `K-${index},2026-0${(index % 9) + 1}-1${index % 9},1,one_to_one,coaching,paid`)].join('\n');

test('killed during an import commit: no row of it is stored, and committing again stores each row once', async () => {
  const rows = 4000;
  // The server stops inside the commit's transaction, its rows written and not yet committed.
  let server = await ServerProcess.start({ ...env, FAILPOINTS: 'import-commit' });
  const { agent, csrf } = await signedIn(server);
  const before = await agent.get('/practice');
  expect(before.status).toBe(200);
  const preview = await agent
    .post(`/import?_csrf=${csrf}`)
    .field('kind', 'practice')
    .field('clientCodeRule', 'initials')
    .attach('file', Buffer.from(practiceCsv(rows)), 'big-log.csv');
  expect(preview.status).toBe(303);
  const batchPath = String(preview.headers.location);

  const started = server.logged((line) => line.msg === 'failpoint reached' && line.failpoint === 'import-commit');
  const commit = statusOrNoAnswer(agent.post(`${batchPath}/commit`).type('form').send({ _csrf: csrf }));
  await started;
  await server.kill();
  expect(await commit).toBe('no answer');

  const committed = await restartAndCheck(async (db) => ({
    imported: Number((await db('practice_entries').whereLike('client_code', 'K-%').count({ n: '*' }))[0]!.n),
    batch: await db('import_batches').select('committed_at').first(),
  }));
  expect(committed).toEqual({ imported: 0, batch: { committed_at: null } });

  server = await ServerProcess.start(env);
  const again = await signedIn(server);
  expect((await again.agent.post(`${batchPath}/commit`).type('form').send({ _csrf: again.csrf })).status).toBe(303);
  await server.stop();
  expect(await inDatabase(async (db) => Number((await db('practice_entries').whereLike('client_code', 'K-%').count({ n: '*' }))[0]!.n))).toBe(rows);
});

test('killed during an upload: the half-written file is gone after the restart, and no row names it', async () => {
  const server = await ServerProcess.start(env);
  const { cookie, csrf } = await signedIn(server);

  // A browser sending a large certificate slowly: the multipart head and the first megabyte, then the kill.
  const boundary = 'crashboundary';
  const upload = http.request(`${server.baseUrl}/files?_csrf=${encodeURIComponent(csrf)}`, {
    method: 'POST',
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, Cookie: cookie, 'Content-Length': String(20 * 1024 * 1024) },
  });
  upload.on('error', () => undefined);
  upload.write(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="large-certificate.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`);
  upload.write(Buffer.alloc(1024 * 1024, 0x20));
  await until(() => partFiles().length > 0);
  await server.kill();

  expect(await restartAndCheck(async (db) => db('evidence_files').where('name', 'large-certificate.pdf').select('id'))).toEqual([]);
});

test('killed while the submission PDF renders: the restart makes the submission once, and leaves no stray file', async () => {
  const server = await ServerProcess.start(env);
  const { agent, csrf } = await signedIn(server);

  const rendering = server.logged((line) => line.msg === 'PDF rendering started' && line.purpose === 'submission');
  const submit = statusOrNoAnswer(agent.post('/submit').type('form').send(submitBody(csrf)));
  await rendering;
  await server.kill();
  expect(await submit).toBe('no answer');

  // What was asked for is not lost: the restart queues the render again and it completes (the
  // server stops only once the job running has finished).
  expect(await restartAndCheck(async (db) => db('submissions').select('version'))).toEqual([{ version: 1 }]);
  expect(await inDatabase(async (db) => db('pdf_renders').select('purpose', 'status', 'attempts'))).toEqual([{ purpose: 'submission', status: 'ready', attempts: 2 }]);
});

test('killed the moment the submission PDF is stored, before its row is committed: the restart removes that PDF and makes the submission once', async () => {
  const server = await ServerProcess.start({ ...env, FAILPOINTS: 'submission-pdf-stored' });
  const { agent, csrf } = await signedIn(server);
  const before = new Set(storedHashes());
  const stored = server.logged((line) => line.msg === 'failpoint reached' && line.failpoint === 'submission-pdf-stored');
  const submit = statusOrNoAnswer(agent.post('/submit').type('form').send(submitBody(csrf)));
  await stored;
  const orphan = storedHashes().filter((hash) => !before.has(hash));
  expect(orphan).toHaveLength(1);
  await server.kill();
  expect(await submit).toBe('no answer');

  const made = await restartAndCheck(async (db) => db('submissions').select('pdf_sha256'));
  expect(recoveredAtStart).toEqual(orphan);
  // The attempt after the restart renders its own PDF (a new verification code, so new bytes).
  expect(made).toHaveLength(1);
  expect(made[0].pdf_sha256).not.toBe(orphan[0]);
  expect(storedHashes()).toEqual([...before, made[0].pdf_sha256].sort());
});

/**
 * On PostgreSQL, waits (beside the running server) until no PDF is left to render. On the embedded
 * database the server holds the database alone, and its stop waits for the render it is doing.
 */
async function untilRendered(url: string, timeoutMs = 60_000): Promise<void> {
  const db = knex({ client: 'pg', connection: url });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Number((await db('pdf_renders').whereIn('status', ['queued', 'rendering']).count({ n: '*' }))[0]!.n) > 0) {
      if (Date.now() > deadline) throw new Error('Timed out waiting for the PDFs to render');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await db.destroy();
  }
}

async function until(condition: () => boolean, everyMs = 5, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
