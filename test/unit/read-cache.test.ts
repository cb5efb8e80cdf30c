import { ReadCache, isCacheableRead } from '../../src/db/read-cache';

/** A fake database: counts executions and answers with whatever `rows` holds now. */
function fakeDb() {
  const state = { rows: [{ id: 1, name: 'Ana' }] as Record<string, unknown>[], executed: 0 };
  const execute = async () => {
    state.executed++;
    return { rows: state.rows.map((row) => ({ ...row })), rowCount: state.rows.length };
  };
  return { state, execute };
}

test.each([
  ['select "id" from "users" where "id" = $1', true],
  ['select * from ((select $1 as type) union all (select $2 as type)) as latest', true],
  ['with totals as (select 1) select * from totals', true],
  ['insert into "users" ("name") values ($1)', false],
  ['update "portfolios" set "revision" = "revision" + 1', false],
  ['delete from "sessions" where "sid" = $1', false],
  ['with moved as (delete from "a" returning *) select * from moved', false],
  ['select * from "pdf_renders" where "id" = $1 for update', false],
  ['select * from "jobs" for no key update skip locked', false],
  ['select now()', false],
  ['select current_timestamp', false],
  ['select nextval($1)', false],
  ['select gen_random_uuid()', false],
  ['select pg_advisory_xact_lock(1)', false],
  ['BEGIN;', false],
  ['COMMIT;', false],
  ['set search_path to "x"', false],
])('%s is a cacheable read: %s', (sql, expected) => {
  expect(isCacheableRead(sql)).toBe(expected);
});

test('a read is answered from the cache until a statement that may write, which empties it', async () => {
  const cache = new ReadCache();
  const db = fakeDb();
  const read = () => cache.run('select * from "users" where "id" = $1', [1], false, db.execute);
  expect((await read()).rows).toEqual([{ id: 1, name: 'Ana' }]);
  expect((await read()).rows).toEqual([{ id: 1, name: 'Ana' }]);
  expect(db.state.executed).toBe(1);
  expect([cache.hits, cache.misses]).toEqual([1, 1]);

  db.state.rows = [{ id: 1, name: 'Ana Kowalska' }];
  await cache.run('update "users" set "name" = $1', ['Ana Kowalska'], false, db.execute);
  expect((await read()).rows).toEqual([{ id: 1, name: 'Ana Kowalska' }]);
});

test('the same statement with other values is another question', async () => {
  const cache = new ReadCache();
  const db = fakeDb();
  await cache.run('select * from "users" where "id" = $1', [1], false, db.execute);
  await cache.run('select * from "users" where "id" = $1', [2], false, db.execute);
  await cache.run('select * from "users" where "id" = $1', [new Date('2026-01-01T00:00:00Z')], false, db.execute);
  expect(db.state.executed).toBe(3);
});

test('a caller that changes its answer changes neither the cache nor the next caller’s', async () => {
  const cache = new ReadCache();
  const db = fakeDb();
  const read = () => cache.run('select * from "users"', [], false, db.execute);
  const first = await read();
  (first.rows![0] as Record<string, unknown>).name = 'changed';
  const second = await read();
  (second.rows![0] as Record<string, unknown>).name = 'changed again';
  expect((await read()).rows).toEqual([{ id: 1, name: 'Ana' }]);
});

test('the copies are deep: JSON values, dates and bytes in a kept answer stay as they were read', async () => {
  const cache = new ReadCache();
  const stored = { sess: { cookie: { expires: '2026-01-01T08:00:00Z' }, roles: ['applicant'] }, at: new Date('2026-01-01T00:00:00Z'), bytes: Uint8Array.of(1, 2, 3) };
  const execute = async () => ({ rows: [structuredClone(stored)], fields: [{ name: 'sess' }] });
  const read = () => cache.run('select "sess", "at", "bytes" from "sessions"', [], false, execute);
  const first = (await read()).rows![0] as typeof stored;
  first.sess.cookie.expires = 'changed';
  first.sess.roles.push('assessor');
  first.at.setUTCFullYear(1999);
  first.bytes[0] = 9;
  const second = (await read()).rows![0] as typeof stored;
  expect(second).toEqual(stored);
  expect(second.at).toBeInstanceOf(Date);
  expect(second.bytes).toBeInstanceOf(Uint8Array);
  expect(cache.hits).toBe(1);
});

test('inside a transaction nothing is kept or reused, and its writes still empty the cache', async () => {
  const cache = new ReadCache();
  const db = fakeDb();
  const read = (inTransaction: boolean) => cache.run('select * from "users"', [], inTransaction, db.execute);
  await read(false);
  db.state.rows = [{ id: 1, name: 'uncommitted' }];
  expect((await read(true)).rows).toEqual([{ id: 1, name: 'uncommitted' }]);
  expect(db.state.executed).toBe(2);
  await cache.run('COMMIT;', [], true, db.execute);
  expect((await read(false)).rows).toEqual([{ id: 1, name: 'uncommitted' }]);
  expect(db.state.executed).toBe(4);
});

test('an answer read while a write ran is not kept', async () => {
  const cache = new ReadCache();
  const db = fakeDb();
  let finishRead!: () => void;
  const slowRead = cache.run('select * from "users"', [], false, async () => {
    await new Promise<void>((resolve) => (finishRead = resolve));
    return db.execute();
  });
  await cache.run('delete from "users"', [], false, db.execute);
  finishRead();
  await slowRead;
  await cache.run('select * from "users"', [], false, db.execute);
  expect(db.state.executed).toBe(3);
});

test('long answers are not kept, and the oldest answers go when the rows kept pass the limit', async () => {
  const cache = new ReadCache({ maxRowsPerAnswer: 2, maxRows: 3 });
  const db = fakeDb();
  db.state.rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
  await cache.run('select * from "big"', [], false, db.execute);
  await cache.run('select * from "big"', [], false, db.execute);
  expect(db.state.executed).toBe(2); // three rows: never kept

  db.state.rows = [{ id: 1 }, { id: 2 }];
  await cache.run('select * from "a"', [], false, db.execute); // 2 rows kept
  await cache.run('select * from "b"', [], false, db.execute); // 4 rows: "a" goes
  await cache.run('select * from "b"', [], false, db.execute);
  expect(db.state.executed).toBe(4);
  await cache.run('select * from "a"', [], false, db.execute);
  expect(db.state.executed).toBe(5);
});

test('a failed write empties the cache all the same', async () => {
  const cache = new ReadCache();
  const db = fakeDb();
  await cache.run('select * from "users"', [], false, db.execute);
  await expect(cache.run('update "users" set "name" = null', [], false, () => Promise.reject(new Error('not null')))).rejects.toThrow('not null');
  await cache.run('select * from "users"', [], false, db.execute);
  expect(db.state.executed).toBe(2);
});
