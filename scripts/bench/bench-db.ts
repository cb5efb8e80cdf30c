import { randomBytes } from 'node:crypto';
import knex from 'knex';
import { createDb, migrateLatest, type Db } from '../../src/db/knex';

export interface BenchDb {
  db: Db;
  /** One line for the report header: which database, which version. */
  backend: string;
  /** Two words for a row label: "embedded PGlite" or "PostgreSQL". */
  engine: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database, so every run starts from the same empty state: an in-memory
 * PGlite (the default install's engine), or a new schema on the PostgreSQL server of
 * BENCH_DATABASE_URL, dropped afterwards.
 */
export async function openBenchDb(databaseUrl = process.env.BENCH_DATABASE_URL): Promise<BenchDb> {
  if (!databaseUrl) {
    const db = createDb({});
    await migrateLatest(db);
    return { db, backend: `embedded PGlite in memory (PostgreSQL ${await serverVersion(db)})`, engine: 'embedded PGlite', close: () => db.destroy() };
  }
  const schema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: databaseUrl });
  try {
    await admin.raw('create schema ??', [schema]);
  } finally {
    await admin.destroy();
  }
  const db = createDb({ databaseUrl, schema });
  const close = async () => {
    try {
      await db.raw('drop schema ?? cascade', [schema]);
    } finally {
      await db.destroy();
    }
  };
  try {
    await migrateLatest(db);
  } catch (error) {
    await close();
    throw error;
  }
  return { db, backend: `PostgreSQL ${await serverVersion(db)} at ${whereIs(databaseUrl)} (fresh schema, dropped afterwards)`, engine: 'PostgreSQL', close };
}

async function serverVersion(db: Db): Promise<string> {
  const result = await db.raw<{ rows: { version: string }[] }>("select current_setting('server_version') as version");
  return result.rows[0]?.version ?? 'unknown';
}

/** Host, port and database only: the URL's user and password never reach the output. */
function whereIs(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}
