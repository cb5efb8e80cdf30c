import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { ClusterProcess } from './load/cluster-process';
import { clearRateLimits, inParallel, seedUsers } from './load/seed';
import { mixedRound, percentile, runUsers, send, signIn, type RunResult } from './load/virtual-users';

/**
 * `npm run load`: many simulated people on PostgreSQL, against one app process and then two
 * (`npm run start:cluster`, each time with its one render process), in one bounded run on
 * loopback. Each person signs in and, for LOAD_SECONDS, browses the dashboard and the logs, logs a
 * session through the API, reads the evaluation and now and then asks for the application PDF
 * (queued, followed every half second until ready, downloaded). Then the dashboard alone against one
 * process, and bare Express + EJS serving the same bytes, for the ratio. Prints one table.
 *
 * Settings: LOAD_DATABASE_URL (a PostgreSQL server on loopback where a throwaway database may be
 * created; default postgres://root@127.0.0.1:5432/postgres), LOAD_USERS (200), LOAD_SECONDS (60),
 * LOAD_DASHBOARD_SECONDS (20), LOAD_PDF_EVERY (a PDF every N rounds of a person; 5).
 */
const USERS = Number(process.env.LOAD_USERS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const DASHBOARD_SECONDS = Number(process.env.LOAD_DASHBOARD_SECONDS ?? 20);
const PDF_EVERY = Number(process.env.LOAD_PDF_EVERY ?? 5);
const ADMIN_URL = process.env.LOAD_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

interface Row {
  run: string;
  processes: number;
  result: RunResult;
  memory?: { start: number; end: number; renderStart: number; renderEnd: number };
}

async function main(): Promise<void> {
  const admin = new URL(ADMIN_URL);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(admin.hostname)) throw new Error(`npm run load runs on loopback only; LOAD_DATABASE_URL points at ${admin.hostname}.`);
  const name = `eia_load_${randomBytes(4).toString('hex')}`;
  const adminDb = knex({ client: 'pg', connection: ADMIN_URL });
  await adminDb.raw('create database ??', [name]);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eia-load-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DATABASE_URL: url.toString(), DATA_DIR: dataDir, SESSION_SECRET: randomBytes(24).toString('hex') };
  const rows: Row[] = [];
  const loadBefore = loadavg()[0]!;
  try {
    say(`seeding ${USERS} people, each with a small portfolio…`);
    const seeded = await seedUsers(env, USERS);

    let sessions: { cookie: string; token: string }[] = [];
    for (const processes of [1, 2]) {
      const cluster = await ClusterProcess.start(env, processes);
      try {
        if (!sessions.length) {
          say('signing everyone in…');
          sessions = await inParallel(seeded, 4, async (user, index) => {
            if (index % 25 === 0) await clearRateLimits(env);
            return { cookie: await signIn(cluster.origin, user), token: user.token };
          });
        }
        say(`${USERS} people for ${SECONDS} s against ${processes} process${processes === 1 ? '' : 'es'}…`);
        const [start, renderStart] = [cluster.memoryMb(), cluster.renderMemoryMb()];
        const result = await runUsers(cluster.origin, sessions, SECONDS, (round) => mixedRound(round, PDF_EVERY));
        rows.push({ run: 'browse, log, evaluate, PDF', processes, result, memory: { start, end: cluster.memoryMb(), renderStart, renderEnd: cluster.renderMemoryMb() } });
        if (processes === 1) {
          say(`the dashboard alone for ${DASHBOARD_SECONDS} s, then bare Express + EJS with the same bytes…`);
          rows.push({ run: 'dashboard (GET /) alone', processes, result: await runUsers(cluster.origin, sessions, DASHBOARD_SECONDS, () => [{ method: 'GET', path: '/' }]) });
          const bytes = (await send(`${cluster.origin}/`, { headers: { cookie: sessions[0]!.cookie } })).body;
          rows.push({ run: 'bare Express + EJS, same bytes', processes: 1, result: await againstBare(bytes, dataDir, sessions.length) });
        }
      } finally {
        await cluster.stop();
      }
    }
  } finally {
    await adminDb.raw('drop database if exists ?? with (force)', [name]);
    await adminDb.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(table(rows, loadBefore));
  if (rows.some((row) => row.result.errors.count)) process.exitCode = 1;
}

async function againstBare(bytes: string, dataDir: string, users: number): Promise<RunResult> {
  const file = path.join(dataDir, 'dashboard.html');
  writeFileSync(file, bytes);
  const child = fork(path.join(__dirname, 'load', 'bare-server.js'), [file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (message) => resolve(message as { port: number })));
    return await runUsers(
      `http://127.0.0.1:${port}`,
      Array.from({ length: users }, () => ({ cookie: '', token: '' })),
      DASHBOARD_SECONDS,
      () => [{ method: 'GET', path: '/' }],
    );
  } finally {
    child.kill();
  }
}

const say = (line: string) => process.stderr.write(`load: ${line}\n`);
const perSecond = (result: RunResult) => result.requests / result.seconds;
const ms = (value: number) => `${Math.round(value)} ms`;

function table(rows: Row[], loadBefore: number): string {
  const lines = [
    `npm run load: ${USERS} simulated people on PostgreSQL, loopback only; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after`,
    '',
    '| run | web processes | requests/s | p50 | p95 | p99 | errors | PDFs | web memory (start → end) | render process memory |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows
      .map(({ run, processes, result, memory }) =>
        [
          run,
          processes,
          perSecond(result).toFixed(0),
          ms(percentile(result.latenciesMs, 50)),
          ms(percentile(result.latenciesMs, 95)),
          ms(percentile(result.latenciesMs, 99)),
          result.errors.count ? `${result.errors.count} (${result.errors.examples.join('; ')})` : '0',
          memory ? result.pdfs : '',
          memory ? `${memory.start.toFixed(0)} → ${memory.end.toFixed(0)} MB` : '',
          memory ? `${memory.renderStart.toFixed(0)} → ${memory.renderEnd.toFixed(0)} MB` : '',
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
    '',
  ];
  const mixed = rows.filter((row) => row.run.startsWith('browse'));
  const dashboard = rows.find((row) => row.run.startsWith('dashboard'));
  const bare = rows.find((row) => row.run.startsWith('bare'));
  if (mixed.length === 2) lines.push(`Two processes ÷ one: ${(perSecond(mixed[1]!.result) / perSecond(mixed[0]!.result)).toFixed(2)}× the requests per second.`);
  if (dashboard && bare) lines.push(`The dashboard ÷ bare Express serving its bytes: ${((perSecond(dashboard.result) / perSecond(bare.result)) * 100).toFixed(1)} %.`);
  return `${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
