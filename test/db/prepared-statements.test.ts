import { testBackend, useTestDb } from '../support/test-db';
import { builtOnce, prepared } from '../../src/db/prepared';
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

/** Built by knex once, then sent as raw SQL: a value, a constant (the limit) and a second value in a subquery. */
const twoKeys = builtOnce<[first: string, second: string], { key: string; value: string }>((db, first, second) =>
  db('settings').select('key', 'value').where('key', first).orWhereIn('key', db('settings').select('key').where('key', second)).orderBy('key').limit(5),
);

test('a statement built once answers as knex’s builder does, with each call’s values', async () => {
  const db = testDb.current.db;
  const built = (first: string, second: string) => db('settings').select('key', 'value').where('key', first).orWhereIn('key', db('settings').select('key').where('key', second)).orderBy('key').limit(5);
  for (const [first, second] of [
    ['prepared-a', 'prepared-b'],
    ['prepared-b', 'missing'],
    ['missing', 'prepared-a'],
    ['missing', 'also missing'],
  ] as const) {
    expect(await twoKeys(db, first, second)).toEqual(await built(first, second));
  }
  expect((await twoKeys(db, 'prepared-a', 'prepared-b')).map((row) => row.key)).toEqual(['prepared-a', 'prepared-b']);
});

test('a statement that does not take its value as given is refused, not built wrong', async () => {
  const lowered = builtOnce<[key: string], { value: string }>((db, key) => db('settings').select('value').where('key', key.toLowerCase()));
  await expect(lowered(testDb.current.db, 'PREPARED-A')).rejects.toThrow(/does not take value 0 as it is given/);
});

const onPostgres = testBackend() === 'postgres' ? test : test.skip;

onPostgres('on PostgreSQL it is prepared once per connection under a name taken from its text; unmarked statements are not', async () => {
  // A transaction holds one connection, whose prepared statements pg_prepared_statements lists.
  const ours = await preparedOnOneConnection(
    testDb.current.db,
    async (trx) => {
      await byKey(trx, 'prepared-a');
      await byKey(trx, 'prepared-b');
      await trx('settings').select('value').where('key', 'prepared-a').first();
    },
    'select "value"',
  );
  expect(ours).toHaveLength(1);
  expect(ours[0]!.name).toMatch(/^eia_[\w-]{24}$/);
  expect(ours[0]!.statement).toBe('select "value" from "settings" where "key" = $1 limit $2');
});

onPostgres('a statement built once is prepared too, under the same text knex builds', async () => {
  const ours = await preparedOnOneConnection(
    testDb.current.db,
    async (trx) => {
      await twoKeys(trx, 'prepared-a', 'prepared-b');
      await twoKeys(trx, 'prepared-b', 'prepared-a');
    },
    'select "key", "value"',
  );
  expect(ours.map((row) => row.statement)).toEqual(['select "key", "value" from "settings" where "key" = $1 or "key" in (select "key" from "settings" where "key" = $2) order by "key" asc limit $3']);
});

/** The names of this connection's prepared statements of ours that read the settings, beginning so (inside a transaction: one connection, which earlier tests may have used). */
async function preparedOnOneConnection(db: Db, run: (trx: Db) => Promise<unknown>, beginning = 'select'): Promise<{ name: string; statement: string }[]> {
  return db.transaction(async (trx) => {
    await run(trx);
    const statements: { rows: { name: string; statement: string }[] } = await trx.raw("select name, statement from pg_prepared_statements where name like 'eia\\_%'");
    return statements.rows.filter((row) => row.statement.includes('"settings"') && row.statement.startsWith(beginning));
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
