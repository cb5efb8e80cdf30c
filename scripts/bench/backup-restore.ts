import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backendOf } from '../../src/db/knex';
import { countRows } from '../../src/db/database-dump';
import { createBackup } from '../../src/domain/backup/create-backup';
import { restoreBackup } from '../../src/domain/backup/restore-backup';
import { openBenchDb } from './bench-db';
import { benchDeps } from './bench-deps';
import type { Bench } from './measure';
import { seedPortfolio } from './seed-portfolio';

/**
 * `cli backup` then `cli restore` of a whole instance holding one large portfolio (n practice
 * entries beside the other logs), into a second, empty database. Rows are streamed both ways,
 * so memory should not grow with n. Fails unless every practice entry came back.
 */
export async function runBackupRestore(bench: Bench, practiceEntries: number): Promise<void> {
  const [from, to] = [await openBenchDb(), await openBenchDb()];
  bench.note(from.backend);
  const source = benchDeps(from.db);
  const target = benchDeps(to.db);
  const folder = mkdtempSync(path.join(tmpdir(), 'eia-bench-backup-'));
  try {
    await seedPortfolio(source.deps, practiceEntries);
    const file = path.join(folder, 'backup.tar.gz');
    await bench.measure('backup', () => createBackup({ ...source.deps, backend: backendOf(from.db) }, file));
    await bench.measure('restore into an empty database', () => restoreBackup({ ...target.deps, backend: backendOf(to.db) }, file));
    const [stored, restored] = [await countRows(from.db, 'practice_entries'), await countRows(to.db, 'practice_entries')];
    if (stored !== practiceEntries || restored !== stored) throw new Error(`${restored} practice entries restored of ${stored} stored (${practiceEntries} generated)`);
  } finally {
    source.dispose();
    target.dispose();
    rmSync(folder, { recursive: true, force: true });
    await Promise.all([from.close(), to.close()]);
  }
}
