import { useTestDb } from '../support/test-db';
import { createTestApp } from '../support/test-app';
import { createDb } from '../../src/db/knex';
import { makeUser } from '../support/factories';

const testDb = useTestDb();

test('healthz answers 200 with the database up', async () => {
  const t = createTestApp({ db: testDb.current.db });
  const response = await t.agent().get('/healthz');
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ status: 'ok', database: 'up' });
});

test('healthz answers 503 when the database does not answer', async () => {
  // A pool pointed at a closed port on loopback: every query fails.
  const unreachable = createDb({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' });
  try {
    const t = createTestApp({ db: unreachable });
    const response = await t.agent().get('/healthz');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: 'unavailable', database: 'down' });
  } finally {
    await unreachable.destroy();
  }
});

test('pages carry a strict content security policy and no framework banner', async () => {
  const t = createTestApp({ db: testDb.current.db });
  const response = await t.agent().get('/setup');
  expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  expect(response.headers['content-security-policy']).toContain("style-src 'self'");
  expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
  expect(response.headers['x-powered-by']).toBeUndefined();
  expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('an oversized form body is refused with a page, not a crash', async () => {
  const t = createTestApp({ db: testDb.current.db, env: { FORM_BODY_LIMIT_KB: '1' } });
  const response = await t
    .agent()
    .post('/login')
    .type('form')
    .send({ email: 'x'.repeat(5000) });
  expect(response.status).toBe(413);
  expect(response.text).toContain('larger than this page accepts');
});

test('an unknown page is a 404 page', async () => {
  const t = createTestApp({ db: testDb.current.db });
  await makeUser(t.deps, ['admin']);
  const response = await t.agent().get('/setup/nothing');
  expect(response.status).toBe(404);
  expect(response.text).toContain('Page not found');
});
