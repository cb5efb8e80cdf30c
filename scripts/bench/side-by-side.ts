import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import ejs from 'ejs';
import express from 'express';
import { buildApp } from '../../src/app';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { seedDemoPortfolio } from '../../src/demo/demo-portfolio';
import { isoDay } from '../../src/domain/dates';
import { openBenchDb } from './bench-db';
import { BENCH_NOW, benchDeps } from './bench-deps';
import { close, listenOnLoopback, signIn } from './dashboard';
import type { Bench } from './measure';
import { seedPortfolio } from './seed-portfolio';

const run = promisify(execFile);

/** As the issue measured: 20 connections; seconds and pairs can be raised for a steadier figure. */
const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const PAIRS = Number(process.env.BENCH_LOAD_PAIRS ?? 1);
/** Each side is loaded this long, unmeasured, before its first run: a cold route (not yet optimised by V8) once measured at half its speed. */
const WARM_UP_SECONDS = 2;
/** The share of a bare Express + EJS route the dashboard should reach on this 2-core machine. */
const DASHBOARD_TARGET = { demo: { 'embedded PGlite': 0.15, PostgreSQL: 0.25 }, large: 0.1 } as const;
const DEMO_PASSWORD = 'Lantern-Quarry-Ferns-2048';

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/**
 * The app's pages against what the platform can do on the same machine in the same run: each of
 * the dashboard, a log page and the evaluation API is loaded for SECONDS with autocannon (in its
 * own process, so it does not share the server's event loop), then the same bytes from a bare
 * Express 5 + EJS route. n = 0 is the demo portfolio; otherwise n practice entries.
 */
export async function runSideBySide(bench: Bench, practiceEntries: number): Promise<void> {
  const database = await openBenchDb();
  bench.note(database.backend);
  const { deps, dispose } = benchDeps(database.db);
  const servers: Server[] = [];
  try {
    const owner = practiceEntries
      ? (await seedPortfolio(deps, practiceEntries)).owner
      : { id: (await seedDemoPortfolio(deps, { email: 'demo@example.org', password: DEMO_PASSWORD, today: isoDay(BENCH_NOW) })).userId, email: 'demo@example.org', password: DEMO_PASSWORD };
    const app = await listenOnLoopback(buildApp(deps));
    servers.push(app);
    const origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    const cookie = await signIn(origin, owner);
    const token = (await createApiToken(deps, owner.id, 'bench')).token;
    const pages: { name: string; path: string; headers: Record<string, string> }[] = [
      { name: 'GET / (dashboard)', path: '/', headers: { cookie } },
      { name: 'GET /practice (a log page)', path: '/practice', headers: { cookie } },
      { name: 'GET /api/v1/evaluation', path: '/api/v1/evaluation', headers: { authorization: `Bearer ${token}` } },
    ];

    // The bare routes serve exactly the bytes the app answered, through an EJS template as a page would be.
    const bare = express();
    const template = ejs.compile('<%- body %>');
    for (const page of pages) {
      const response = await fetch(`${origin}${page.path}`, { headers: page.headers });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${page.path} answered ${response.status}`);
      const type = response.headers.get('content-type') ?? 'text/html';
      bare.get(page.path, (_req, res) => res.type(type).send(template({ body })));
    }
    const bareServer = await listenOnLoopback(bare as unknown as ReturnType<typeof buildApp>);
    servers.push(bareServer);
    const bareOrigin = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;

    const size = practiceEntries ? `${(practiceEntries / 1000).toLocaleString('en-GB')}k practice entries` : 'the demo portfolio';
    for (const page of pages) {
      const appRuns: Load[] = [];
      const bareRuns: Load[] = [];
      await load(`${origin}${page.path}`, page.headers, WARM_UP_SECONDS);
      await load(`${bareOrigin}${page.path}`, {}, WARM_UP_SECONDS);
      for (let pair = 0; pair < PAIRS; pair++) {
        appRuns.push(await load(`${origin}${page.path}`, page.headers));
        bareRuns.push(await load(`${bareOrigin}${page.path}`, {}));
      }
      const ours = median(appRuns);
      const theirs = median(bareRuns);
      const share = ours.requestsPerSecond / theirs.requestsPerSecond;
      const target = page.path !== '/' ? undefined : practiceEntries ? DASHBOARD_TARGET.large : DASHBOARD_TARGET.demo[database.engine as keyof typeof DASHBOARD_TARGET.demo];
      bench.finding(
        `${page.name}, ${size}, ${database.engine}: ${Math.round(ours.requestsPerSecond)} req/s (p50 ${ours.p50} ms, p99 ${ours.p99} ms${ours.failed ? `, ${ours.failed} failed` : ''}) against bare Express + EJS ${Math.round(theirs.requestsPerSecond)} req/s: ${(share * 100).toFixed(1)} % of bare${target === undefined ? '' : `; target ≥ ${target * 100} %: ${share >= target ? 'ok' : 'MISSED'}`}.`,
      );
      if (ours.failed) throw new Error(`${page.path} failed ${ours.failed} requests under load`);
    }
    bench.finding(`${CONNECTIONS} connections, ${SECONDS} s per run, ${PAIRS} paired run(s) (median); load average at the end: ${loadavg()[0]!.toFixed(2)}.`);
  } finally {
    for (const server of servers) await close(server);
    dispose();
    await database.close();
  }
}

/** One autocannon run in a child process, read from its JSON report. */
async function load(url: string, headers: Record<string, string>, seconds = SECONDS): Promise<Load> {
  const args = [require.resolve('autocannon/autocannon.js'), '-j', '-c', String(CONNECTIONS), '-d', String(seconds)];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const { stdout } = await run(process.execPath, [...args, url], { maxBuffer: 16 * 1024 * 1024 });
  const report = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number };
  return { requestsPerSecond: report.requests.average, p50: report.latency.p50, p99: report.latency.p99, failed: report.non2xx + report.errors + report.timeouts };
}

const median = (runs: Load[]): Load => [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)]!;
