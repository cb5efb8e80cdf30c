import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { hashToken } from '../../src/domain/secret-token';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
let t: TestApp;
let ana: User;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
  ana = await makeUser(t.deps, ['applicant', 'supervisor'], { email: 'ana@example.org', name: 'Ana Kowalska' });
});

describe('GET /api/v1/me with a bearer token', () => {
  test('a valid token returns the user and roles, and records its use', async () => {
    const { token, record } = await createApiToken(t.deps, ana.id, 'script');
    const response = await t.agent().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ana.id, email: 'ana@example.org', name: 'Ana Kowalska', roles: ['applicant', 'supervisor'], createdAt: ana.createdAt.toISOString() });
    const row = await testDb.current.db('api_tokens').where('id', record.id).first();
    expect(row.last_used_at).not.toBeNull();
    expect(row.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  test('a missing, malformed or unknown token gets 401 JSON', async () => {
    for (const header of [undefined, 'Bearer', 'Bearer nonsense', `Bearer eia_pat_${'x'.repeat(43)}`, 'Basic YTpi']) {
      const call = t.agent().get('/api/v1/me');
      const response = await (header ? call.set('Authorization', header) : call);
      expect(response.status).toBe(401);
      expect(response.type).toBe('application/json');
      expect(response.body.error.code).toBe('unauthenticated');
    }
  });

  test('a revoked token gets 401', async () => {
    const agent = t.agent();
    await signInAs(agent, ana);
    const created = await submitForm(agent, '/account/tokens', { name: 'Spreadsheet sync' });
    expect(created.status).toBe(201);
    const token = /<code class="token">([^<]+)<\/code>/.exec(created.text)![1]!;
    expect((await t.agent().get('/api/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);

    const id = (await testDb.current.db('api_tokens').where('user_id', ana.id).first()).id;
    const revoked = await submitForm(agent, '/account/tokens', {}, `/account/tokens/${id}/revoke`);
    expect(revoked.status).toBe(303);
    const list = await agent.get('/account/tokens');
    expect(list.text).toContain('Revoked');
    expect(list.text).not.toContain(token);
    expect((await t.agent().get('/api/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });

  test('an unknown API path is a JSON 404 for an authenticated client', async () => {
    const { token } = await createApiToken(t.deps, ana.id, 'script');
    const response = await t.agent().get('/api/v1/nothing-here').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('token pages', () => {
  test("a user cannot revoke another user's token", async () => {
    const other = await makeUser(t.deps, ['applicant']);
    const { record, token } = await createApiToken(t.deps, other.id, 'theirs');
    const agent = t.agent();
    await signInAs(agent, ana);
    const response = await submitForm(agent, '/account/tokens', {}, `/account/tokens/${record.id}/revoke`);
    expect(response.status).toBe(404);
    expect((await t.agent().get('/api/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  test('a token without a name is refused with a message', async () => {
    const agent = t.agent();
    await signInAs(agent, ana);
    const response = await submitForm(agent, '/account/tokens', { name: '' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('Give the token a name');
    expect(await testDb.current.db('api_tokens').count<{ count: number }[]>('* as count')).toEqual([{ count: 0 }]);
  });
});
