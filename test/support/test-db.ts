import { randomBytes } from 'node:crypto';
import knex from 'knex';
import { createDb, migrateLatest, type Db } from '../../src/db/knex';

declare const TEST_BACKEND: 'embedded' | 'postgres' | undefined;

/** Which backend this test run uses (set per jest project). */
export const testBackend = (): 'embedded' | 'postgres' => (typeof TEST_BACKEND === 'undefined' ? 'embedded' : TEST_BACKEND);

export interface TestDb {
  db: Db;
  /** Opens another connection to the same database (e.g. a second app process). */
  reopen(): Db;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new schema on the
 * PostgreSQL server of TEST_DATABASE_URL, dropped afterwards, so runs never see each other's rows.
 */
export async function createTestDb(backend = testBackend()): Promise<TestDb> {
  if (backend === 'embedded') {
    const db = createDb({});
    await migrateLatest(db);
    return { db, reopen: () => db, destroy: () => db.destroy() };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is required for the postgres test project');
  const schema = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: url });
  await admin.raw('create schema ??', [schema]);
  await admin.destroy();
  const opened: Db[] = [];
  const open = () => {
    const db = createDb({ databaseUrl: url, schema });
    opened.push(db);
    return db;
  };
  const db = open();
  await migrateLatest(db);
  return {
    db,
    reopen: open,
    async destroy() {
      await db.raw('drop schema ?? cascade', [schema]);
      await Promise.all(opened.map((each) => each.destroy()));
    },
  };
}

/** Empties every table (identities restart), keeping the schema: a clean slate between tests. */
export async function truncateAll(db: Db): Promise<void> {
  const result = await db.raw<{ rows: { tablename: string }[] }>("select tablename from pg_tables where schemaname = current_schema() and tablename not like 'knex\\_%'");
  const tables = result.rows.map((row) => row.tablename);
  if (tables.length) await db.raw(`truncate ${tables.map(() => '??').join(', ')} restart identity cascade`, tables);
}

/**
 * One database per test file (created before the first test, dropped after the last),
 * emptied before each test so every test builds its own rows; `shared` keeps the rows a
 * file's beforeAll made for all its tests (a long property-based run over one portfolio).
 */
export function useTestDb(options: { shared?: boolean } = {}): { readonly current: TestDb } {
  const holder: { current: TestDb } = { current: undefined as unknown as TestDb };
  beforeAll(async () => {
    holder.current = await createTestDb();
  });
  if (!options.shared) beforeEach(() => truncateAll(holder.current.db));
  afterAll(() => holder.current?.destroy());
  return holder;
}

/**
 * A whole PostgreSQL database of its own on TEST_DATABASE_URL's server (for tests that start real
 * app processes, which open DATABASE_URL as it is): its URL, and how to drop it afterwards.
 */
export async function createScratchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is required for a scratch database');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: adminUrl });
  await admin.raw('create database ??', [name]);
  await admin.destroy();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = knex({ client: 'pg', connection: adminUrl });
      await again.raw('drop database if exists ?? with (force)', [name]);
      await again.destroy();
    },
  };
}
