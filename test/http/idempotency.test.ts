import path from 'node:path';
import { readFileSync } from 'node:fs';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, formBody } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import type { User } from '../../src/db/repositories/user-repository';

/**
 * Nothing is stored twice: a double click on Save, a form sent again after an error, an API
 * create retried with the same Idempotency-Key, two previews of one file committed at once, and
 * fifty commits of one file in parallel.
 */

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;
let token: string;
const templateCsv = readFileSync(path.join(__dirname, '..', 'fixtures', 'import', 'practice-template.csv'));

beforeEach(async () => {
  t = createTestApp({ db: db() });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  token = (await createApiToken(t.deps, ana.id, 'idempotency')).token;
  agent = t.agent();
  await signInAs(agent, ana);
});

const count = async (table: string) => Number((await db()(table).count('* as n').first())!.n);
const api = (method: 'get' | 'post', url: string) => t.agent()[method](`/api/v1${url}`).set('Authorization', `Bearer ${token}`);
const session = { clientCode: 'C-017', date: '2026-03-12', hours: '1.5', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' };

/** The new-session form as drawn: its CSRF token and its one-time key. */
async function newForm() {
  const page = (await agent.get('/practice/new')).text;
  return { _csrf: csrfTokenIn(page), _key: /name="_key" value="([^"]+)"/.exec(page)![1]! };
}

describe('forms', () => {
  test('a double click on Save creates one record, and both clicks land on it', async () => {
    const form = await newForm();
    const post = () =>
      agent
        .post('/practice')
        .type('form')
        .send(formBody({ ...session, ...form }));
    const [first, second] = await Promise.all([post(), post()]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(first.headers.location).toBe(second.headers.location);
    expect(first.headers.location).toMatch(/^\/practice\/\d+$/);
    expect(await count('practice_entries')).toBe(1);
  });

  test('a form refused for an error keeps its key; corrected and sent twice, it still creates one record', async () => {
    const form = await newForm();
    const refused = await agent
      .post('/practice')
      .type('form')
      .send(formBody({ ...session, hours: 'lots', ...form }));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(`name="_key" value="${form._key}"`);
    const fixed = () =>
      agent
        .post('/practice')
        .type('form')
        .send(formBody({ ...session, ...form }));
    expect((await fixed()).status).toBe(303);
    expect((await fixed()).status).toBe(303);
    expect(await count('practice_entries')).toBe(1);
  });

  test('a new page is a new key: the same values logged twice on purpose make two records', async () => {
    for (let i = 0; i < 2; i += 1)
      expect(
        (
          await agent
            .post('/practice')
            .type('form')
            .send(formBody({ ...session, ...(await newForm()) }))
        ).status,
      ).toBe(303);
    expect(await count('practice_entries')).toBe(2);
  });
});

describe('the API', () => {
  test('a create retried with the same Idempotency-Key gets the first answer; the same key for another body is 422', async () => {
    const body = { ...session, hours: 1.5 };
    const [first, second] = await Promise.all([api('post', '/practice').set('Idempotency-Key', 'retry-0001').send(body), api('post', '/practice').set('Idempotency-Key', 'retry-0001').send(body)]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);
    expect([first.headers['idempotent-replayed'], second.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count('practice_entries')).toBe(1);
    const other = await api('post', '/practice')
      .set('Idempotency-Key', 'retry-0001')
      .send({ ...body, hours: 2 });
    expect(other.status).toBe(422);
    expect(other.body.error.message).toBe('This Idempotency-Key was used for another request. Send a new key for a new request.');
    expect((await api('post', '/practice').set('Idempotency-Key', 'short').send(body)).status).toBe(400);
    expect(await count('practice_entries')).toBe(1);
  });

  test('a refused create frees its key: corrected, the same key creates the record', async () => {
    expect(
      (
        await api('post', '/practice')
          .set('Idempotency-Key', 'fix-me-0001')
          .send({ ...session, hours: 'lots' })
      ).status,
    ).toBe(422);
    expect(
      (
        await api('post', '/practice')
          .set('Idempotency-Key', 'fix-me-0001')
          .send({ ...session, hours: 1.5 })
      ).status,
    ).toBe(201);
    expect(await count('practice_entries')).toBe(1);
  });
});

describe('imports', () => {
  const preview = async () => {
    const page = await agent.get('/import');
    const response = await agent
      .post(`/import?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`)
      .field('kind', 'practice')
      .field('clientCodeRule', 'initials')
      .attach('file', templateCsv, 'practice.csv');
    expect(response.status).toBe(303);
    return response.headers.location!;
  };
  const commit = async (location: string, fields: Record<string, string> = {}) => {
    const page = await agent.get(location);
    return agent
      .post(`${location}/commit`)
      .type('form')
      .send(formBody({ ...fields, _csrf: csrfTokenIn(page.text) }));
  };

  test('two previews of one file committed one after the other: the second is refused, saying when it was imported', async () => {
    const [first, second] = [await preview(), await preview()];
    expect((await commit(first)).status).toBe(303);
    const imported = await count('practice_entries');
    expect(imported).toBeGreaterThan(0);
    expect((await agent.get(second)).text).toContain('You imported this file on');
    const refused = await commit(second);
    expect(refused.status).toBe(409);
    expect(refused.text).toMatch(/This file was already imported on \d+ \w+ \d{4}: \d+ records\. Nothing was imported now\./);
    expect(await count('practice_entries')).toBe(imported);
    // Said to import it again, rows already in the portfolio are still skipped.
    expect((await commit(second, { again: 'on' })).status).toBe(303);
    expect(await count('practice_entries')).toBe(imported);
  });

  test('fifty commits of one file in parallel, from fifty previews, store it once', async () => {
    const previews = [];
    for (let i = 0; i < 10; i += 1) previews.push(await preview());
    const pages = await Promise.all(previews.map(async (location) => ({ location, token: csrfTokenIn((await agent.get(location)).text) })));
    const answers = await Promise.all(
      pages.flatMap(({ location, token: csrf }) =>
        Array.from({ length: 5 }, () =>
          agent
            .post(`${location}/commit`)
            .type('form')
            .send(formBody({ _csrf: csrf })),
        ),
      ),
    );
    expect(answers.every((answer) => answer.status === 303 || answer.status === 409)).toBe(true);
    const rows = await count('practice_entries');
    expect(await db()('import_batches').whereNotNull('committed_at').count('* as n').first()).toEqual({ n: 1 });
    // What one import stores: the same file imported into an empty portfolio.
    await db()('practice_entries').delete();
    await db()('import_batches').delete();
    await commit(await preview());
    expect(await count('practice_entries')).toBe(rows);
  }, 60_000);

  test('the API refuses a file imported before unless again=true', async () => {
    const send = (again?: string) => {
      const request = api('post', '/imports').field('kind', 'practice').field('commit', 'true');
      if (again) request.field('again', again);
      return request.attach('file', templateCsv, 'practice.csv');
    };
    expect((await send()).status).toBe(201);
    const stored = await count('practice_entries');
    const refused = await send();
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/^This file was already imported on/);
    await db()('practice_entries').delete();
    const restored = await send('true');
    expect(restored.status).toBe(201);
    expect(await count('practice_entries')).toBe(stored);
  });
});
