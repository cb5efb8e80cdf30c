import path from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import knex, { type Knex } from 'knex';
import { PGlite } from '@electric-sql/pglite';
import { CachingPgLiteClient } from './embedded-client';
import { PREPARED_STATEMENTS, PreparingPgClient } from './prepared';
import type { InitAnswer } from './init-embedded-worker';
import { startWorkerFile } from '../worker-file';
import { migrationExtension, migrationsDir } from '../paths';
import type { Logger } from '../logger';

export type Db = Knex;

// Both backends return the same JS types: dates without time as ISO strings ('2026-03-12'),
// counts (int8) as numbers, numeric as exact strings.
const DATE_OID = 1082;
const INT8_OID = 20;
const pgliteParsers = { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) };

export interface DbOptions {
  /** PostgreSQL URL; without it the embedded database is used. */
  databaseUrl?: string | undefined;
  /** On PostgreSQL, send statements marked prepared() as named prepared statements (the default; see prepared.ts). */
  preparedStatements?: boolean | undefined;
  /** Folder of the embedded database; omitted means in memory (tests). */
  embeddedDir?: string | undefined;
  /** PostgreSQL schema to work in (tests use one fresh schema per run). */
  schema?: string | undefined;
  /** Where knex's own warnings go; without one they are dropped (tests). */
  logger?: Logger | undefined;
}

/**
 * The embedded database serves one person (or a small team) in the app's own process: its
 * memory is the app's. PostgreSQL's default 128 MB of shared buffers is sized for a server; a
 * small buffer pool keeps the process lean (measured in the README's Performance section).
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=16MB'];

/** Opens PostgreSQL through pg (pooled) when a URL is given, else the embedded PGlite. */
export function createDb(options: DbOptions): Db {
  const log = (level: 'warn' | 'error' | 'debug') => (message: unknown) => options.logger?.[level]({ knex: message }, 'knex');
  const common: Knex.Config = {
    migrations: migrationConfig(),
    log: { warn: log('warn'), error: log('error'), deprecate: log('warn'), debug: log('debug') },
    ...(options.schema ? { searchPath: [options.schema] } : {}),
  };
  if (options.databaseUrl) {
    // pg is loaded only here: the embedded database's process never needs it.
    const pg = require('pg') as typeof import('pg');
    pg.types.setTypeParser(DATE_OID, (value: string) => value);
    pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));
    return knex({ ...common, client: PreparingPgClient as never, connection: options.databaseUrl, pool: { min: 0, max: 10 }, [PREPARED_STATEMENTS]: options.preparedStatements ?? true } as Knex.Config);
  }
  if (options.embeddedDir) mkdirSync(options.embeddedDir, { recursive: true });
  const pglite = new PGlite({ ...(options.embeddedDir ? { dataDir: options.embeddedDir } : {}), parsers: pgliteParsers, startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] });
  return knex({ ...common, client: CachingPgLiteClient as never, connection: { pglite } as never });
}

/** Which of the two backends a connection uses. */
export const backendOf = (db: Db): 'embedded' | 'postgresql' => ('pglite' in db.client ? 'embedded' : 'postgresql');

/**
 * Creates the embedded database's files if the folder has none yet, in an instance of its own in
 * a thread of its own (init-embedded-worker.ts): creating a cluster grows PGlite's WebAssembly
 * memory to about 0.75 GB, which that memory keeps for the instance's life. The instance the app
 * then opens starts lean, and the thread's end gives the 0.75 GB back at once.
 */
export async function initEmbeddedDir(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  mkdirSync(dir, { recursive: true });
  const thread = startWorkerFile(__dirname, 'init-embedded-worker');
  try {
    const answer = await new Promise<InitAnswer>((resolve, reject) => {
      thread.once('message', resolve).once('error', reject);
      thread.once('exit', (code) => reject(new Error(`creating the embedded database stopped unexpectedly (exit code ${code})`)));
      thread.postMessage(dir);
    });
    if ('failed' in answer) throw new Error(`the embedded database could not be created in ${dir}: ${answer.failed}`);
  } finally {
    await thread.terminate();
  }
}

/** The embedded database lives here, under DATA_DIR. */
export const embeddedDirFor = (dataDir: string) => path.join(dataDir, 'pgdata');

function migrationConfig(): Knex.MigratorConfig {
  return { directory: migrationsDir, loadExtensions: [migrationExtension], tableName: 'knex_migrations' };
}

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateLatest(db: Db): Promise<string[]> {
  // Several processes starting together on one database (a cluster, a rolling deploy) meet at
  // knex's migration lock: the one that holds it migrates, the others wait their turn and then
  // find nothing left to do, rather than failing the start.
  for (let attempt = 1; ; attempt++) {
    try {
      const [, ran] = (await db.migrate.latest()) as [number, string[]];
      return ran;
    } catch (error) {
      if ((error as Error).name !== 'MigrationLocked' || attempt >= MIGRATION_LOCK_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, MIGRATION_LOCK_WAIT_MS));
    }
  }
}
const MIGRATION_LOCK_TRIES = 240;
const MIGRATION_LOCK_WAIT_MS = 250;

/** Runs a trivial query: resolves when the database answers, rejects with the reason when not. */
export async function checkConnection(db: Db): Promise<void> {
  // Fresh: the embedded database's read cache (db/read-cache.ts) must not answer for it.
  await db.raw('select 1').queryContext({ fresh: true });
}

/** True when the database answers a trivial query within the time limit. */
export async function pingDb(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([checkConnection(db).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
