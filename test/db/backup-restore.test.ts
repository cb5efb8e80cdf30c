import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { localPath } from '../support/local-store';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { createTestDb, testBackend, type TestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { FakeClock } from '../support/fake-clock';
import { GOOD_PASSWORD, makeUser, signInAs } from '../support/factories';
import { EUROPEAN_NAMES, makeSamplePortfolio } from '../support/portfolio-factory';
import { runCommand, type CliOutput } from '../../src/cli';
import { exportPortfolio } from '../../src/domain/export/portfolio-export';
import { submitPortfolio } from '../../src/domain/submission/submission-service';
import { assignAssessor } from '../../src/domain/submission/assessment-service';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { createRecord } from '../../src/domain/records/record-service';
import { addAward } from '../../src/domain/awards/award-service';
import { backupTables, referencedEvidence } from '../../src/db/database-dump';
import type { Db } from '../../src/db/knex';
import { attendeeHash, previewCalendarImport } from '../../src/domain/import/calendar/calendar-import-service';

// The source instance is built once (a portfolio, a submission with its PDF, every role); each
// test restores its backup into new, empty instances of the same backend.
// One clock for both instances, so the two JSON exports carry the same time.
const clock = new FakeClock();
const work = mkdtempSync(path.join(tmpdir(), 'eia-backup-test-'));
const backupFile = path.join(work, 'backup.tar.gz');
let source: TestDb;
let a: TestApp;
let ana: { id: number; email: string };
let pdf: { code: string; bytes: Buffer };
const opened: TestDb[] = [];
/** The source's tables when the backup was made (reading an export later creates missing portfolios). */
let atBackup: Record<string, string[]>;

function cli() {
  const lines = { out: [] as string[], err: [] as string[] };
  const io: CliOutput = { out: (line) => lines.out.push(line), err: (line) => lines.err.push(line) };
  return { io, lines };
}

async function emptyInstance(backend = testBackend()): Promise<{ db: TestDb; app: TestApp }> {
  const db = await createTestDb(backend);
  opened.push(db);
  const app = createTestApp({ db: db.db, clock });
  return { db, app };
}

/** Every backed-up table of a database, each row as PostgreSQL's own JSON text, in key order. */
async function tableContents(db: Db): Promise<Record<string, string[]>> {
  const contents: Record<string, string[]> = {};
  for (const table of await backupTables(db)) {
    const order = table.orderBy.length ? ` order by ${table.orderBy.map(() => '??').join(', ')}` : '';
    contents[table.name] = (await db.raw<{ rows: { line: string }[] }>(`select row_to_json(t)::text as line from ?? as t${order}`, [table.name, ...table.orderBy])).rows.map((row) => row.line);
  }
  return contents;
}

async function restoreInto(app: TestApp, file: string) {
  const { io, lines } = cli();
  const code = await runCommand(['restore', '--in', file], app.deps, io);
  return { code, ...lines };
}

/** Unpacks the backup, lets a test change it, and packs it again as another file. */
async function alteredBackup(name: string, change: (folder: string) => Promise<void>): Promise<string> {
  const folder = path.join(work, `${name}-unpacked`);
  await mkdir(folder);
  await tar.extract({ file: backupFile, cwd: folder });
  await change(folder);
  const file = path.join(work, `${name}.tar.gz`);
  await tar.create({ file, cwd: folder, gzip: true }, readdirSync(folder));
  return file;
}

beforeAll(async () => {
  source = await createTestDb();
  a = createTestApp({ db: source.db, clock });
  ana = await makeUser(a.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  const ben = await makeUser(a.deps, ['applicant', 'supervisor'], { email: 'ben@example.org', name: 'Ben Øberg', verified: false });
  const asa = await makeUser(a.deps, ['assessor'], { email: 'asa@assessors.example', name: 'Asa Assessor' });
  const admin = await makeUser(a.deps, ['admin'], { email: 'admin@example.org', name: 'Ada Admin' });
  await makeSamplePortfolio(a.deps, ana.id);
  await createRecord(a.deps, ben.id, 'practice', { clientCode: 'B-1', date: '2026-10-01', hours: 1.25, format: 'one_to_one', practiceKind: 'mentoring', payment: 'pro_bono', notes: 'Zürich, naïve café ☕' });
  const submission = await submitPortfolio(a.deps, ana.id, { level: 'practitioner', declarations: ['ethics', 'diversity'] });
  await assignAssessor(a.deps, admin.id, submission.id, asa.id, false);
  await addAward(a.deps, ana.id, { scheme: 'emcc_eia', level: 'foundation', awardedOn: '2022-02-03' });
  await createApiToken(a.deps, ana.id, 'spreadsheet sync');
  // An attendee of Ana's calendar, remembered by a hash keyed with her portfolio's salt.
  const anaPortfolio = await a.deps.repos.portfolio.findOrCreate(source.db, ana.id, clock.now());
  await a.deps.repos.calendarAttendee.save(source.db, anaPortfolio.id, new Map([[attendeeHash('sam.reyes@example.net', anaPortfolio.clientCodeSalt), 'C-055']]), clock.now());
  const row = await source.db('submissions').where('id', submission.id).first();
  pdf = { code: row.verification_code, bytes: await a.deps.evidenceStore.read(row.pdf_sha256) };

  const { io, lines } = cli();
  expect(await runCommand(['backup', '--out', backupFile], a.deps, io)).toBe(0);
  atBackup = await tableContents(source.db);
  expect(lines.out.join('\n')).toMatch(/^Backed up \d+ rows of \d+ tables and 6 evidence files \([\d.]+ KB\) to .+backup\.tar\.gz \([\d.]+ KB\)\.$/);
}, 120_000);

afterAll(async () => {
  await Promise.all([source, ...opened].map((db) => db?.destroy()));
  await rm(work, { recursive: true, force: true });
});

test('a restore into an empty instance gives every table, the JSON export and the evidence files exactly as they were', async () => {
  const { db, app: b } = await emptyInstance();
  const restored = await restoreInto(b, backupFile);
  expect(restored.err).toEqual([]);
  expect(restored.code).toBe(0);
  expect(restored.out[0]).toMatch(/^Restored \d+ rows and 6 evidence files from the backup of \d{4}-\d\d-\d\dT[\d:.]+Z \(EIA Portfolio \d+\.\d+\.\d+\)\.$/);

  expect(await tableContents(db.db)).toEqual(atBackup);
  const hadPortfolio = new Set(atBackup.portfolios!.map((line) => JSON.parse(line).owner_id));
  for (const user of await source.db('users').select('id')) {
    // A user without a portfolio gets one, with a new salt, when the export is read: only the salt differs then.
    const [after, before] = [await exportPortfolio(b.deps, user.id), await exportPortfolio(a.deps, user.id)].map((document) =>
      hadPortfolio.has(user.id) ? document : { ...document, calendarAttendees: { ...document.calendarAttendees, salt: 'new' } },
    );
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
  }
  const hashes = await referencedEvidence(source.db);
  expect(hashes).toHaveLength(6);
  for (const sha256 of hashes) expect((await b.deps.evidenceStore.read(sha256)).equals(await a.deps.evidenceStore.read(sha256))).toBe(true);
}, 120_000);

test('a restored instance recognises a calendar attendee: the same address gets the same client code', async () => {
  const { db, app: b } = await emptyInstance();
  expect((await restoreInto(b, backupFile)).code).toBe(0);
  expect(await db.db('calendar_attendee_codes').select('client_code')).toEqual([{ client_code: 'C-055' }]);
  const calendly = readFileSync(path.join(__dirname, '..', 'fixtures', 'import', 'calendly.ics'));
  const batch = await previewCalendarImport(b.deps, ana.id, { kind: 'practice', from: '2026-01-01', to: '2026-04-30', fileName: 'calendly.ics', bytes: calendly, ownAddress: ana.email });
  expect(batch.calendar!.attendees.map((attendee) => batch.calendar!.rules.attendeeCodes[attendee.hash])).toEqual(['C-055']);
  expect(batch.errors.map((error) => error.message).join('\n')).not.toContain('No rule gives this session a client code');
}, 120_000);

// Moving an instance between the embedded database and PostgreSQL is a backup and a restore.
const otherBackend = testBackend() === 'embedded' ? 'postgres' : 'embedded';
(process.env.TEST_DATABASE_URL ? test : test.skip)(
  `a backup restores into the other backend (${otherBackend}) with every table as it was`,
  async () => {
    const { db, app: b } = await emptyInstance(otherBackend);
    const restored = await restoreInto(b, backupFile);
    expect(restored.err).toEqual([]);
    expect(await tableContents(db.db)).toEqual(atBackup);
    expect(JSON.stringify(await exportPortfolio(b.deps, ana.id))).toBe(JSON.stringify(await exportPortfolio(a.deps, ana.id)));
  },
  120_000,
);

test('after a restore the issued PDF still verifies, people sign in with their passwords, and new rows get new ids', async () => {
  const { db, app: b } = await emptyInstance();
  expect((await restoreInto(b, backupFile)).code).toBe(0);

  const agent = b.agent();
  const page = await agent.get(`/verify/${pdf.code}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain(EUROPEAN_NAMES.lithuanian);
  const token = decodeURIComponent(/action="\/verify\/[^"?]+\?_csrf=([^"#&]+)/.exec(page.text)![1]!);
  const verified = await agent.post(`/verify/${pdf.code}?_csrf=${encodeURIComponent(token)}`).attach('pdf', pdf.bytes, 'application.pdf');
  expect(verified.text).toContain('Byte-identical to the PDF issued');

  await signInAs(agent, ana, GOOD_PASSWORD);
  const dashboard = await agent.get('/');
  expect(dashboard.text).toContain('Welcome, Ana Kowalska');

  const maxBefore = (await db.db('practice_entries').max('id as max').first())!.max as number;
  const added = await createRecord(b.deps, ana.id, 'practice', { clientCode: 'C-900', date: '2026-11-19', hours: 1, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  expect(added.id).toBe(maxBefore + 1);
  const user = await makeUser(b.deps, ['applicant'], { email: 'new@example.org' });
  expect(user.id).toBeGreaterThan((await source.db('users').max('id as max').first())!.max as number);
}, 120_000);

test('a restore into an instance that has accounts is refused and changes nothing', async () => {
  const { db, app: b } = await emptyInstance();
  await makeUser(b.deps, ['admin'], { email: 'someone@example.org' });
  const before = await tableContents(db.db);
  const refused = await restoreInto(b, backupFile);
  expect(refused.code).toBe(1);
  expect(refused.err.join('\n')).toContain('This instance already has 1 account. A backup is restored only into an empty instance');
  expect(await tableContents(db.db)).toEqual(before);
});

test('a damaged, foreign or newer archive is refused with the reason, and the instance stays empty', async () => {
  const { db, app: b } = await emptyInstance();
  const truncated = path.join(work, 'truncated.tar.gz');
  writeFileSync(truncated, readFileSync(backupFile).subarray(0, 4000));
  const edited = await alteredBackup('edited', async (folder) => {
    const file = path.join(folder, 'database', 'practice_entries.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"hours":4.5', '"hours":45'));
  });
  const newer = await alteredBackup('newer', async (folder) => {
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'));
    manifest.appVersion = '9.0.0';
    manifest.database.migrations.push('20300101000000_from_the_future');
    await writeFile(path.join(folder, 'manifest.json'), JSON.stringify(manifest));
  });
  const swapped = await alteredBackup('swapped', async (folder) => {
    const shard = readdirSync(path.join(folder, 'evidence'))[0]!;
    const name = readdirSync(path.join(folder, 'evidence', shard))[0]!;
    await writeFile(path.join(folder, 'evidence', shard, name), 'not the bytes this name promises');
  });
  const foreign = path.join(work, 'foreign.tar.gz');
  await mkdir(path.join(work, 'foreign'));
  await writeFile(path.join(work, 'foreign', 'notes.txt'), 'hello');
  await tar.create({ file: foreign, cwd: path.join(work, 'foreign'), gzip: true }, ['notes.txt']);

  const cases: [string, string][] = [
    [path.join(work, 'missing.tar.gz'), 'missing.tar.gz does not exist.'],
    [truncated, 'is not a readable .tar.gz archive'],
    [foreign, 'is not an EIA Portfolio backup: it holds notes.txt'],
    [edited, 'The backup is damaged: database/practice_entries.jsonl does not hold what the manifest says'],
    [newer, 'This backup was made by a newer version of EIA Portfolio (9.0.0; its database has the change 20300101000000_from_the_future'],
    [swapped, 'does not hold the bytes its name says. Nothing was restored.'],
  ];
  for (const [file, message] of cases) {
    const refused = await restoreInto(b, file);
    expect({ file: path.basename(file), code: refused.code, err: refused.err.join('\n') }).toEqual({ file: path.basename(file), code: 1, err: expect.stringContaining(message) });
  }
  expect(Object.values(await tableContents(db.db)).flat()).toEqual([]);
  expect(existsSync(path.join(localPath(b.deps, '0'.repeat(64)), '..', '..'))).toBe(true);
  const stored = readdirSync(path.join(localPath(b.deps, '0'.repeat(64)), '..', '..')).filter((name) => /^[0-9a-f]{2}$/.test(name));
  expect(stored.flatMap((shard) => readdirSync(path.join(localPath(b.deps, '0'.repeat(64)), '..', '..', shard)))).toEqual([]);
}, 120_000);

test('a backup made before the newest database change is restored, then brought up to date', async () => {
  const [latest, portfolioTargets] = (await source.db('knex_migrations').orderBy('id', 'desc').limit(2)).map((row) => row.name.replace(/\.(ts|js)$/, ''));
  const older = await alteredBackup('older', async (folder) => {
    // What the version before portfolio_targets would have written: no portfolio_targets table
    // (nor the newest change after it, pdf_renders, whose table is never backed up).
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.database.migrations.pop()).toBe(latest);
    expect(manifest.database.migrations.pop()).toBe(portfolioTargets);
    expect(portfolioTargets).toBe('20261203001200_portfolio_targets');
    manifest.database.tables = manifest.database.tables.filter((table: { name: string }) => table.name !== 'portfolio_targets');
    await rm(path.join(folder, 'database', 'portfolio_targets.jsonl'));
    await writeFile(path.join(folder, 'manifest.json'), JSON.stringify(manifest));
  });
  const { db, app: b } = await emptyInstance();
  const restored = await restoreInto(b, older);
  expect(restored.err).toEqual([]);
  expect(restored.out[1]).toBe(`Brought the restored database up to this version: ${portfolioTargets}, ${latest}.`);
  expect((await db.db('knex_migrations').orderBy('id', 'desc').first()).name.replace(/\.(ts|js)$/, '')).toBe(latest);
  // The newest change fills its table from the restored rows: each portfolio's aim becomes its first target.
  const targets = (on: typeof db.db) => on('portfolio_targets').select('portfolio_id', 'criteria_set', 'level_id', 'position').orderBy(['portfolio_id', 'position']);
  expect((await targets(db.db)).length).toBeGreaterThan(0);
  expect(await targets(db.db)).toEqual(await targets(source.db));
  expect(JSON.stringify(await exportPortfolio(b.deps, ana.id))).toBe(JSON.stringify(await exportPortfolio(a.deps, ana.id)));
}, 120_000);

test('backup refuses to overwrite a file and explains its arguments', async () => {
  const { io, lines } = cli();
  expect(await runCommand(['backup', '--out', backupFile], a.deps, io)).toBe(1);
  expect(lines.err.join('\n')).toContain('already exists. Choose a new file name: a backup never overwrites a file.');
  expect(await runCommand(['backup'], a.deps, io)).toBe(2);
  expect(lines.err.join('\n')).toContain('backup needs --out FILE');
  expect(await runCommand(['restore'], a.deps, io)).toBe(2);
  expect(lines.err.join('\n')).toContain('restore needs --in FILE');
  expect(readdirSync(work).filter((name) => name.includes('.partial') || name.startsWith('.eia-backup-'))).toEqual([]);
});
