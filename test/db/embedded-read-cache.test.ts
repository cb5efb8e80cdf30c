import { useTestDb, testBackend } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { readCacheOf } from '../../src/db/embedded-client';
import { checkConnection } from '../../src/db/knex';
import type { ReadCache } from '../../src/db/read-cache';

/**
 * The embedded database answers repeated reads from memory until anything may have changed; on
 * PostgreSQL (shared with other processes) every read asks the server. What is checked here is
 * that a reader never sees an answer older than the last change, through knex and through the app.
 */
const testDb = useTestDb();
const embedded = testBackend() === 'embedded';

const names = async () => (await testDb.current.db('users').select('name').orderBy('id')).map((row: { name: string }) => row.name);

(embedded ? describe : describe.skip)('on the embedded database', () => {
  let cache: ReadCache;
  beforeEach(() => {
    cache = readCacheOf(testDb.current.db)!;
  });

  test('a repeated read is answered from memory, and a write is seen by the next read', async () => {
    const t = createTestApp({ db: testDb.current.db });
    const ana = await makeUser(t.deps, ['applicant'], { name: 'Ana' });
    expect(await names()).toEqual(['Ana']);
    const hits = cache.hits;
    expect(await names()).toEqual(['Ana']);
    expect(cache.hits).toBe(hits + 1);

    await testDb.current.db('users').where({ id: ana.id }).update({ name: 'Ana Kowalska' });
    expect(await names()).toEqual(['Ana Kowalska']);
  });

  test('a transaction’s reads see its own rows, and a rollback leaves the earlier answer standing', async () => {
    const t = createTestApp({ db: testDb.current.db });
    await makeUser(t.deps, ['applicant'], { name: 'Ana' });
    expect(await names()).toEqual(['Ana']);
    await expect(
      testDb.current.db.transaction(async (trx) => {
        await trx('users').update({ name: 'Ben' });
        expect((await trx('users').select('name')).map((row: { name: string }) => row.name)).toEqual(['Ben']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await names()).toEqual(['Ana']);
    await testDb.current.db.transaction((trx) => trx('users').update({ name: 'Cleo' }));
    expect(await names()).toEqual(['Cleo']);
  });

  test('through the app: a page read again asks the database nothing, and a change shows at once', async () => {
    const t: TestApp = createTestApp({ db: testDb.current.db });
    const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana' });
    const agent = t.agent();
    await signInAs(agent, ana);
    // The first visits write (the portfolio is created, the session saved); the next ones only read.
    await agent.get('/practice').expect(200);
    await agent.get('/practice').expect(200);
    const misses = cache.misses;
    await agent.get('/practice').expect(200);
    expect(cache.misses).toBe(misses);

    await testDb.current.db('users').where({ id: ana.id }).update({ name: 'Ana Kowalska' });
    expect((await agent.get('/').expect(200)).text).toContain('Welcome, Ana Kowalska');
  });

  test('the health check always asks the database', async () => {
    const misses = cache.misses;
    const hits = cache.hits;
    await checkConnection(testDb.current.db);
    await checkConnection(testDb.current.db);
    expect([cache.hits, cache.misses]).toEqual([hits, misses]);
  });
});

(embedded ? describe.skip : describe)('on PostgreSQL', () => {
  test('there is no read cache: other processes write too', () => {
    expect(readCacheOf(testDb.current.db)).toBeUndefined();
  });
});
