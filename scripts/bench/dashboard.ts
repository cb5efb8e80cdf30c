import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app';
import { isoDay } from '../../src/domain/dates';
import { SESSION_COOKIE } from '../../src/http/middleware/session';
import { openBenchDb } from './bench-db';
import { benchDeps, BENCH_NOW } from './bench-deps';
import type { Bench } from './measure';
import { seedPortfolio } from './seed-portfolio';

const PLAN = { warmups: 3, runs: 20 };

/**
 * The dashboard as a signed-in applicant gets it: the real app listening on the loopback,
 * signed in through the login form, then GET / with Node's fetch (one kept-alive connection).
 * Per request: the session, the evaluation as of today, the overview's queries, the page.
 */
export async function runDashboard(bench: Bench, practiceEntries: number): Promise<void> {
  const database = await openBenchDb();
  bench.note(database.backend);
  const { deps, dispose } = benchDeps(database.db);
  let server: Server | undefined;
  try {
    const seeded = await seedPortfolio(deps, practiceEntries);
    server = await listenOnLoopback(buildApp(deps));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cookie = await signIn(origin, seeded.owner);
    const page = await bench.measureRuns(`GET /, ${database.engine}, per request`, PLAN, async () => {
      const response = await fetch(`${origin}/`, { headers: { cookie }, redirect: 'manual' });
      return { status: response.status, html: await response.text() };
    });
    // Today (the bench clock) every generated entry counts: the page must show their total.
    const hours = seeded.expected.upTo(isoDay(BENCH_NOW)).hours;
    const expected = ['Client practice log', 'Master Practitioner (the level you aim for)', `${Math.round(hours * 100) / 100} of 500 h`];
    const missing = expected.filter((text) => !page.html.includes(text));
    if (page.status !== 200 || missing.length) throw new Error(`GET / answered ${page.status} without the evaluation: missing ${missing.map((text) => `“${text}”`).join(', ')}`);
  } finally {
    if (server) await close(server);
    dispose();
    await database.close();
  }
}

export function listenOnLoopback(app: ReturnType<typeof buildApp>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server)).once('error', reject);
  });
}

export function close(server: Server): Promise<void> {
  server.closeAllConnections(); // fetch keeps its connection alive
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The login form as a browser fills it: GET for the CSRF token and session cookie, then POST. */
export async function signIn(origin: string, owner: { email: string; password: string }): Promise<string> {
  const form = await fetch(`${origin}/login`, { redirect: 'manual' });
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  let cookie = sessionCookie(form);
  if (!token || !cookie) throw new Error(`GET /login gave ${token ? '' : 'no CSRF token '}${cookie ? '' : 'no session cookie'}`);
  const body = new URLSearchParams({ _csrf: token, email: owner.email, password: owner.password });
  const response = await fetch(`${origin}/login`, { method: 'POST', body, headers: { cookie }, redirect: 'manual' });
  await response.text();
  if (response.status !== 303 || response.headers.get('location') !== '/') throw new Error(`signing in answered ${response.status} (to ${response.headers.get('location')}), not 303 to /`);
  cookie = sessionCookie(response) ?? cookie; // a new session id after sign-in
  return cookie;
}

const sessionCookie = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((header) => header.startsWith(`${SESSION_COOKIE}=`))
    ?.split(';')[0];
