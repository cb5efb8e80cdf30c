import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import * as tar from 'tar';
import type { ServiceDeps } from '../deps';
import type { EvidenceStore } from '../../storage/evidence-store';
import { appliedMigrations, backupTables, dumpTable, referencedEvidence } from '../../db/database-dump';
import { validationError } from '../../errors';
import { appVersion, BACKUP_FORMAT, evidenceFile, MANIFEST_FILE, tableFile, type BackupManifest } from './backup-manifest';

export type BackupDeps = Pick<ServiceDeps, 'db' | 'repos' | 'clock'> & { evidenceStore: EvidenceStore; backend: BackupManifest['database']['backend'] };

const messages = {
  exists: (file: string) => `${file} already exists. Choose a new file name: a backup never overwrites a file.`,
  noFolder: (folder: string) => `The folder ${folder} does not exist.`,
  missingFile: (sha256: string) => `The database names the evidence file ${sha256}, but it is not in the evidence store. The backup would be incomplete, so none was written.`,
};

export interface BackupSummary {
  file: string;
  manifest: BackupManifest;
  archiveBytes: number;
}

/**
 * Writes the database and the evidence files as one .tar.gz. Every table is read in one
 * read-only REPEATABLE READ transaction, so the backup is one moment of the database while
 * the app keeps serving. The archive is written under a temporary name and renamed at the
 * end: a backup that fails leaves nothing that looks like a backup.
 */
export async function createBackup(deps: BackupDeps, outFile: string): Promise<BackupSummary> {
  const target = path.resolve(outFile);
  if (existsSync(target)) throw validationError({ out: messages.exists(outFile) });
  if (!existsSync(path.dirname(target))) throw validationError({ out: messages.noFolder(path.dirname(target)) });

  const staging = await mkdtemp(path.join(path.dirname(target), '.eia-backup-'));
  const partial = `${target}.${randomBytes(4).toString('hex')}.partial`;
  try {
    const { tables, evidence } = await deps.db.transaction(
      async (trx) => {
        const tables: BackupManifest['database']['tables'] = [];
        await mkdir(path.join(staging, 'database'));
        for (const table of await backupTables(trx))
          tables.push({ name: table.name, file: tableFile(table.name), ...(await writeJsonLines(path.join(staging, tableFile(table.name)), (onRows) => dumpTable(trx, table, onRows))) });
        return { tables, evidence: await referencedEvidence(trx) };
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
    const evidenceBytes = await linkEvidence(deps.evidenceStore, staging, evidence);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: 1,
      createdAt: deps.clock.now().toISOString(),
      appVersion: appVersion(),
      database: { backend: deps.backend, migrations: await appliedMigrations(deps.db), tables },
      evidence: { files: evidence.length, bytes: evidenceBytes },
    };
    await writeJson(path.join(staging, MANIFEST_FILE), manifest);
    // The manifest first, so a reader knows what follows; links are followed, so the files themselves go in.
    await tar.create({ file: partial, cwd: staging, gzip: true, portable: true, follow: true }, [MANIFEST_FILE, 'database', ...(evidence.length ? ['evidence'] : [])]);
    await rename(partial, target);
    return { file: target, manifest, archiveBytes: (await stat(target)).size };
  } finally {
    await rm(partial, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

/** Writes rows as JSON lines as they come; returns how many and the file's SHA-256. */
async function writeJsonLines(file: string, produce: (onRows: (lines: string[]) => Promise<void>) => Promise<void>): Promise<{ rows: number; sha256: string }> {
  const out = createWriteStream(file, { mode: 0o600 });
  const hash = createHash('sha256');
  let rows = 0;
  await produce(async (lines) => {
    const text = lines.map((line) => `${line}\n`).join('');
    hash.update(text);
    rows += lines.length;
    if (!out.write(text)) await once(out, 'drain');
  });
  out.end();
  await once(out, 'close');
  return { rows, sha256: hash.digest('hex') };
}

async function writeJson(file: string, value: unknown): Promise<void> {
  const out = createWriteStream(file, { mode: 0o600 });
  out.end(`${JSON.stringify(value, null, 2)}\n`);
  await once(out, 'close');
}

/** Places each stored file under evidence/ in the staging folder (a link to a local file, which tar follows; a download from a bucket); returns the total size. */
async function linkEvidence(store: EvidenceStore, staging: string, hashes: string[]): Promise<number> {
  let bytes = 0;
  for (const sha256 of hashes) {
    if (!(await store.exists(sha256))) throw validationError({ evidence: messages.missingFile(sha256) });
    const link = path.join(staging, evidenceFile(sha256));
    await mkdir(path.dirname(link), { recursive: true });
    bytes += await store.saveTo(sha256, link);
  }
  return bytes;
}
