import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as tar from 'tar';
import type { BackupDeps } from './create-backup';
import { migrateLatest } from '../../db/knex';
import { appliedMigrations, backupTables, countRows, emptyTables, knownMigrations, loadRows, referencedEvidence, resetSequences, setUserTriggers, undoLastMigration } from '../../db/database-dump';
import { isSha256 } from '../../storage/evidence-store';
import { validationError } from '../../errors';
import { ARCHIVE_PATH, evidenceFile, MANIFEST_FILE, parseManifest, type BackupManifest } from './backup-manifest';

const ROWS_PER_INSERT = 500;
const BYTES_PER_INSERT = 4 * 1024 * 1024;

const messages = {
  noFile: (file: string) => `${file} does not exist.`,
  unreadable: (file: string, reason: string) => `${file} is not a readable .tar.gz archive (${reason}).`,
  notBackup: (file: string, why: string) => `${file} is not an EIA Portfolio backup: ${why}.`,
  damaged: (what: string) => `The backup is damaged: ${what}. Nothing was restored.`,
  newer: (version: string, migration: string) =>
    `This backup was made by a newer version of EIA Portfolio (${version}; its database has the change ${migration}, which this version does not know). Upgrade this instance, then restore.`,
  otherHistory: (migration: string) => `This backup's database changes differ from this version's at ${migration}: it was not made by EIA Portfolio as released.`,
  notEmpty: (accounts: number) =>
    `This instance already has ${accounts} account${accounts === 1 ? '' : 's'}. A backup is restored only into an empty instance (a new DATA_DIR, or an empty PostgreSQL database), so that nothing is mixed or overwritten.`,
  refused: (file: string, first: number, last: number, reason: string) => `The database refused ${file} (rows ${first}–${last}): ${reason}. Nothing was restored.`,
};

export interface RestoreSummary {
  manifest: BackupManifest;
  rows: number;
  files: number;
  /** Database changes made after loading, when the backup came from an older version. */
  migrated: string[];
}

/**
 * Restores a backup into an empty instance: checks the whole archive first (its manifest,
 * each table file's row count and SHA-256, each evidence file's content against its name),
 * brings the schema to the backup's point, loads every table in one transaction (parents
 * before children, ids and sequences as they were), then applies any newer database changes.
 * A restore that fails leaves the instance as empty as it found it.
 */
export async function restoreBackup(deps: BackupDeps, inFile: string): Promise<RestoreSummary> {
  if (!existsSync(inFile)) throw validationError({ in: messages.noFile(inFile) });
  const staging = await mkdtemp(path.join(tmpdir(), 'eia-restore-'));
  try {
    const manifest = await unpack(inFile, staging);
    await checkTableFiles(staging, manifest);
    const evidence = await evidenceIn(staging, manifest);
    const migrations = await matchSchema(deps, manifest);
    const accounts = await countRows(deps.db, 'users');
    if (accounts > 0) throw validationError({ in: messages.notEmpty(accounts) });

    let rolledBack = false;
    const added: string[] = [];
    try {
      for (let applied = (await appliedMigrations(deps.db)).length; applied > migrations.length; applied -= 1) {
        await undoLastMigration(deps.db);
        rolledBack = true;
      }
      for (const sha256 of evidence) if (await putEvidence(deps, staging, sha256)) added.push(sha256);
      const rows = await loadDatabase(deps, staging, manifest);
      const migrated = rolledBack ? await migrateLatest(deps.db) : [];
      return { manifest, rows, files: evidence.length, migrated: migrated.map((name) => name.replace(/\.(ts|js)$/, '')) };
    } catch (error) {
      await Promise.all(added.map((sha256) => deps.evidenceStore.remove(sha256)));
      if (rolledBack) await migrateLatest(deps.db);
      throw error;
    } finally {
      await deps.evidenceStore.removeWorkFolder();
    }
  } finally {
    // Retried: after a damaged archive the unpacker may still be closing files in it.
    await rm(staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

/** Unpacks the archive (only the paths a backup holds, only files and folders) and reads its manifest. */
async function unpack(file: string, staging: string): Promise<BackupManifest> {
  const strangers: string[] = [];
  try {
    await tar.extract({
      file,
      cwd: staging,
      strict: true,
      filter: (entryPath, entry) => {
        const type = 'type' in entry ? entry.type : entry.isDirectory() ? 'Directory' : 'File';
        const allowed = (type === 'File' || type === 'Directory') && ARCHIVE_PATH.test(entryPath.replace(/^\.\//, ''));
        if (!allowed) strangers.push(entryPath);
        return allowed;
      },
    });
  } catch (error) {
    throw validationError({ in: messages.unreadable(file, error instanceof Error ? error.message : String(error)) });
  }
  if (strangers.length) throw validationError({ in: messages.notBackup(file, `it holds ${strangers.slice(0, 3).join(', ')}${strangers.length > 3 ? ' and more' : ''}`) });
  const text = await readFile(path.join(staging, MANIFEST_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) throw validationError({ in: messages.notBackup(file, 'it has no manifest.json') });
  const parsed = parseManifest(text);
  if ('problems' in parsed) throw validationError({ in: messages.notBackup(file, parsed.problems.slice(0, 3).join('; ')) });
  return parsed.manifest;
}

/** Each table file is there, whole: the row count and SHA-256 the manifest recorded. */
async function checkTableFiles(staging: string, manifest: BackupManifest): Promise<void> {
  for (const table of manifest.database.tables) {
    const file = path.join(staging, table.file);
    if (table.file !== `database/${table.name}.jsonl` || !existsSync(file)) throw validationError({ in: messages.damaged(`${table.file} is missing`) });
    const hash = createHash('sha256');
    let rows = 0;
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      for (const byte of chunk as Buffer) if (byte === 0x0a) rows += 1;
    }
    if (rows !== table.rows || hash.digest('hex') !== table.sha256) throw validationError({ in: messages.damaged(`${table.file} does not hold what the manifest says (${rows} rows of ${table.rows})`) });
  }
}

/** The evidence files in the archive, as many as the manifest says. */
async function evidenceIn(staging: string, manifest: BackupManifest): Promise<string[]> {
  const hashes: string[] = [];
  const root = path.join(staging, 'evidence');
  for (const shard of await readdir(root).catch(() => [] as string[])) {
    for (const name of await readdir(path.join(root, shard))) if (isSha256(name) && name.startsWith(shard)) hashes.push(name);
  }
  if (hashes.length !== manifest.evidence.files) throw validationError({ in: messages.damaged(`it holds ${hashes.length} evidence files, the manifest says ${manifest.evidence.files}`) });
  return hashes.sort();
}

/** The backup's database changes must be this version's, in order; returns them. */
async function matchSchema(deps: BackupDeps, manifest: BackupManifest): Promise<string[]> {
  const known = await knownMigrations(deps.db);
  manifest.database.migrations.forEach((migration, index) => {
    if (!known.includes(migration)) throw validationError({ in: messages.newer(manifest.appVersion, migration) });
    if (known[index] !== migration) throw validationError({ in: messages.otherHistory(migration) });
  });
  return manifest.database.migrations;
}

/** Stores one evidence file, checking its content against its name; true when it was not stored before. */
async function putEvidence(deps: BackupDeps, staging: string, sha256: string): Promise<boolean> {
  if (await deps.evidenceStore.exists(sha256)) return false;
  const stored = await deps.evidenceStore.put(createReadStream(path.join(staging, evidenceFile(sha256))), { maxBytes: Number.MAX_SAFE_INTEGER });
  if (stored.sha256 !== sha256) {
    await deps.evidenceStore.remove(stored.sha256);
    throw validationError({ in: messages.damaged(`the evidence file ${sha256} does not hold the bytes its name says`) });
  }
  return true;
}

/** Loads every table in one transaction; returns the number of rows. */
async function loadDatabase(deps: BackupDeps, staging: string, manifest: BackupManifest): Promise<number> {
  return deps.db.transaction(async (trx) => {
    const present = (await backupTables(trx)).map((table) => table.name);
    const unknown = manifest.database.tables.find((table) => !present.includes(table.name));
    if (unknown) throw validationError({ in: messages.damaged(`its table ${unknown.name} is not part of the database at its own version`) });
    await emptyTables(trx, present);
    await setUserTriggers(trx, present, false);
    let total = 0;
    for (const table of manifest.database.tables) {
      let batch: string[] = [];
      let batchBytes = 0;
      let loaded = 0;
      const flush = async () => {
        try {
          await loadRows(trx, table.name, batch);
        } catch (error) {
          throw validationError({ in: messages.refused(table.file, loaded + 1, loaded + batch.length, error instanceof Error ? error.message : String(error)) });
        }
        loaded += batch.length;
        total += batch.length;
        batch = [];
        batchBytes = 0;
      };
      for await (const line of createInterface({ input: createReadStream(path.join(staging, table.file)), crlfDelay: Infinity })) {
        batch.push(line);
        batchBytes += line.length;
        if (batch.length >= ROWS_PER_INSERT || batchBytes >= BYTES_PER_INSERT) await flush();
      }
      await flush();
    }
    await setUserTriggers(trx, present, true);
    await resetSequences(trx, present);
    const missing = [];
    for (const sha256 of await referencedEvidence(trx)) if (!(await deps.evidenceStore.exists(sha256))) missing.push(sha256);
    if (missing.length) throw validationError({ in: messages.damaged(`its database names ${missing.length} evidence file(s) it does not hold, such as ${missing[0]}`) });
    return total;
  });
}
