import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { sessionRepository } from '../../src/db/repositories/session-repository';
import { userRepository, type User } from '../../src/db/repositories/user-repository';
import { portfolioRepository } from '../../src/db/repositories/portfolio-repository';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { addAward } from '../../src/domain/awards/award-service';

/**
 * The session, its user and their portfolio are read in one statement (db/session-store.ts).
 * What they become elsewhere (another process, an admin) shows on the next request, as it did
 * when each was read on its own: roles, a password change, a deleted account, the portfolio.
 */

const testDb = useTestDb();
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant', 'supervisor'], { email: 'ana@example.org', name: 'Ana Kowalska', verified: true });
  agent = t.agent();
  await signInAs(agent, ana);
});

/** The stored sessions' ids and the user each is signed in as (undefined when not). */
async function storedSessions(): Promise<{ sid: string; userId: number | undefined }[]> {
  const rows: { sid: string; sess: string | { userId?: number } }[] = await testDb.current.db('sessions').select('sid', 'sess');
  return rows.map((row) => ({ sid: row.sid, userId: (typeof row.sess === 'string' ? (JSON.parse(row.sess) as { userId?: number }) : row.sess).userId }));
}

/** The id of the agent's signed-in session, from the sessions table (there is one). */
async function sessionId(): Promise<string> {
  const signedIn = (await storedSessions()).filter((row) => row.userId === ana.id);
  expect(signedIn).toHaveLength(1);
  return signedIn[0]!.sid;
}

test('the lookup reads the user exactly as a lookup by id does (roles, times, the verified address)', async () => {
  const found = await sessionRepository.findWithOwner(testDb.current.db, await sessionId());
  expect(found?.sess.userId).toBe(ana.id);
  expect(found?.expired).toBeInstanceOf(Date);
  expect(found?.expired.getTime()).toBeGreaterThan(Date.now());
  const byId = await userRepository.findById(testDb.current.db, ana.id);
  expect(byId?.emailVerifiedAt).toBeInstanceOf(Date);
  expect(found?.user).toEqual(byId);
  expect(found?.user?.roles).toEqual(['applicant', 'supervisor']);
});

test('the lookup reads the portfolio exactly as a lookup by owner does (targets, awards, number of files)', async () => {
  const sid = await sessionId();
  expect((await sessionRepository.findWithOwner(testDb.current.db, sid))?.portfolio).toBeUndefined(); // not made yet
  expect((await agent.get('/')).status).toBe(200); // the dashboard makes it
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana K.', targets: [{ criteriaSet: 'emcc-eia', level: 'practitioner' }] });
  await addAward(t.deps, ana.id, { scheme: 'emcc_eia', level: 'foundation', awardedOn: '2024-05-01' });
  const found = await sessionRepository.findWithOwner(testDb.current.db, sid);
  const byOwner = await portfolioRepository.findByOwner(testDb.current.db, ana.id);
  expect(byOwner?.awards).toHaveLength(1);
  expect(byOwner?.targets).toEqual([{ criteriaSet: 'emcc-eia', levelId: 'practitioner' }]);
  expect(byOwner?.updatedAt).toBeInstanceOf(Date);
  expect(found?.portfolio).toEqual(byOwner);
});

test('a change to the portfolio made elsewhere shows on the next page', async () => {
  expect((await agent.get('/')).status).toBe(200);
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana from elsewhere' });
  expect((await agent.get('/settings')).text).toContain('Ana from elsewhere');
});

test('a session that is not signed in is found without a user; an unknown id is not found', async () => {
  const anonymous = t.agent();
  expect((await anonymous.get('/login')).status).toBe(200);
  const notSignedIn = (await storedSessions()).find((row) => row.userId === undefined);
  expect(notSignedIn).toBeDefined();
  const found = await sessionRepository.findWithOwner(testDb.current.db, notSignedIn!.sid);
  expect(found).toBeDefined();
  expect(found?.user).toBeUndefined();
  expect(await sessionRepository.findWithOwner(testDb.current.db, 'no-such-session')).toBeUndefined();
});

test('a role taken away elsewhere is gone on the next request', async () => {
  expect((await agent.get('/practice')).status).toBe(200);
  await userRepository.removeRole(testDb.current.db, ana.id, 'applicant');
  expect((await agent.get('/practice')).status).toBe(403);
  await userRepository.addRole(testDb.current.db, ana.id, 'applicant');
  expect((await agent.get('/practice')).status).toBe(200);
});

test('a password changed elsewhere ends the session', async () => {
  expect((await agent.get('/')).text).toContain('Welcome, Ana Kowalska');
  await userRepository.updatePassword(testDb.current.db, ana.id, 'another-hash', new Date());
  const next = await agent.get('/');
  expect(next.status).toBe(303);
  expect(next.headers.location).toBe('/login');
  expect(await testDb.current.db('sessions').whereRaw(`(sess::jsonb ->> 'userId') = ?`, [String(ana.id)])).toEqual([]);
});

test('a deleted account ends the session', async () => {
  const sid = await sessionId();
  await userRepository.remove(testDb.current.db, ana.id);
  const next = await agent.get('/');
  expect(next.status).toBe(303);
  expect(next.headers.location).toBe('/login');
  expect(await testDb.current.db('sessions').where({ sid })).toEqual([]);
});

test('an expired session is not used, even before the maintenance job removes it', async () => {
  await testDb.current
    .db('sessions')
    .where({ sid: await sessionId() })
    .update({ expired: new Date(Date.now() - 1000) });
  const next = await agent.get('/');
  expect(next.status).toBe(303);
  expect(next.headers.location).toBe('/login');
});
