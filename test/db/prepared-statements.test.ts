import { testBackend, useTestDb } from '../support/test-db';
import { prepared } from '../../src/db/prepared';
import { createDb, type Db } from '../../src/db/knex';

/**
 * Statements marked with prepared() are sent to PostgreSQL as named prepared statements (parsed
 * and planned once per connection), named after their text; others stay unnamed. The embedded
 * database runs them as before.
 */

const testDb = useTestDb({ shared: true });

beforeAll(async () => {
  await testDb.current.db('settings').insert([
    { key: 'prepared-a', value: JSON.stringify('one') },
    { key: 'prepared-b', value: JSON.stringify('two') },
  ]);
});

const byKey = (db: Db, key: string) => prepared(db('settings').select('value').where('key', key)).first<{ value: string } | undefined>();

test('a marked statement answers as an unmarked one, with each new value', async () => {
  const db = testDb.current.db;
  expect(await byKey(db, 'prepared-a')).toEqual({ value: 'one' });
  expect(await byKey(db, 'prepared-b')).toEqual({ value: 'two' });
  expect(await byKey(db, 'missing')).toBeUndefined();
});

const onPostgres = testBackend() === 'postgres' ? test : test.skip;

onPostgres('on PostgreSQL it is prepared once per connection under a name taken from its text; unmarked statements are not', async () => {
  // A transaction holds one connection, whose prepared statements pg_prepared_statements lists.
  const ours = await preparedOnOneConnection(testDb.current.db, async (trx) => {
    await byKey(trx, 'prepared-a');
    await byKey(trx, 'prepared-b');
    await trx('settings').select('value').where('key', 'prepared-a').first();
  });
  expect(ours).toHaveLength(1);
  expect(ours[0]!.name).toMatch(/^eia_[\w-]{24}$/);
  expect(ours[0]!.statement).toBe('select "value" from "settings" where "key" = $1 limit $2');
});

/** The names of this connection's prepared statements of ours that read the settings (inside a transaction: one connection). */
async function preparedOnOneConnection(db: Db, run: (trx: Db) => Promise<unknown>): Promise<{ name: string; statement: string }[]> {
  return db.transaction(async (trx) => {
    await run(trx);
    const statements: { rows: { name: string; statement: string }[] } = await trx.raw("select name, statement from pg_prepared_statements where name like 'eia\\_%'");
    return statements.rows.filter((row) => row.statement.includes('"settings"'));
  });
}

onPostgres('DATABASE_PREPARED_STATEMENTS=false (a pooler that does not keep them) sends them unnamed', async () => {
  const schema = ((await testDb.current.db.raw('select current_schema() as schema')) as { rows: { schema: string }[] }).rows[0]!.schema;
  const unnamed = createDb({ databaseUrl: process.env.TEST_DATABASE_URL, schema, preparedStatements: false });
  try {
    const statements = await preparedOnOneConnection(unnamed, async (trx) => {
      expect(await byKey(trx, 'prepared-a')).toEqual({ value: 'one' });
      expect(await byKey(trx, 'prepared-b')).toEqual({ value: 'two' });
    });
    expect(statements).toEqual([]);
  } finally {
    await unnamed.destroy();
  }
});
