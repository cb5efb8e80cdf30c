import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { runCommand, type CliOutput } from '../../src/cli';
import { authenticate } from '../../src/domain/accounts/account-service';
import { userRepository } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
let t: TestApp;
let out: string[];
let err: string[];
const io: CliOutput = { out: (line) => out.push(line), err: (line) => err.push(line) };

beforeEach(() => {
  t = createTestApp({ db: testDb.current.db });
  out = [];
  err = [];
});

test('user:create makes an account with several roles that can sign in', async () => {
  const code = await runCommand(['user:create', '--email', 'Assessor@Example.org', '--password', 'silver birch morning', '--role', 'assessor', '--role', 'admin', '--name', 'Łucja Nowak'], t.deps, io);
  expect(code).toBe(0);
  expect(out.join('\n')).toContain('assessor@example.org');
  const user = await userRepository.findByEmailWithSecret(testDb.current.db, 'assessor@example.org');
  expect(user?.roles).toEqual(['admin', 'assessor']);
  expect(user?.name).toBe('Łucja Nowak');
  expect(await authenticate(t.deps, 'assessor@example.org', 'silver birch morning')).toBeDefined();
});

test('token:create prints a token that authenticates /api/v1/me', async () => {
  await runCommand(['user:create', '--email', 'ana@example.org', '--password', 'silver birch morning', '--role', 'applicant'], t.deps, io);
  out = [];
  expect(await runCommand(['token:create', '--email', 'ana@example.org', '--name', 'ci'], t.deps, io)).toBe(0);
  const token = out[0]!;
  expect(token).toMatch(/^eia_pat_[A-Za-z0-9_-]{43}$/);
  const me = await t.agent().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
  expect(me.status).toBe(200);
  expect(me.body.email).toBe('ana@example.org');
  const row = await testDb.current.db('api_tokens').select('name').first();
  expect(row.name).toBe('ci');
});

test('bad arguments explain themselves and create nothing', async () => {
  expect(await runCommand(['user:create', '--email', 'x@example.org', '--password', 'silver birch morning'], t.deps, io)).toBe(2);
  expect(err.join('\n')).toContain('at least one --role');
  expect(await runCommand(['user:create', '--email', 'x@example.org', '--password', 'silver birch morning', '--role', 'owner'], t.deps, io)).toBe(2);
  expect(err.join('\n')).toContain('Unknown role: owner');
  expect(await runCommand(['user:create', '--email', 'x@example.org', '--password', 'password1', '--role', 'applicant'], t.deps, io)).toBe(1);
  expect(err.join('\n')).toContain('--password: Use at least 10 characters');
  expect(await runCommand(['token:create', '--email', 'nobody@example.org'], t.deps, io)).toBe(1);
  expect(err.join('\n')).toContain('There is no account with this email address');
  expect(await runCommand(['frobnicate'], t.deps, io)).toBe(2);
  expect(await userRepository.count(testDb.current.db)).toBe(0);
});

test('help, --help, -h and no command print the commands and succeed; an unknown command is an error', async () => {
  for (const argv of [['help'], ['--help'], ['-h'], []]) {
    out = [];
    expect(await runCommand(argv, t.deps, io)).toBe(0);
    expect(out.join('\n')).toContain('backup --out FILE');
  }
  expect(await runCommand(['--hepl'], t.deps, io)).toBe(2);
  expect(err.join('\n')).toContain('Unknown command: --hepl');
});
