import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../seed-demo';
import { signIn } from './dashboard';
import { processRssMb, type Bench } from './measure';

const run = promisify(execFile);
const dist = path.resolve(__dirname, '..', '..');
/** The targets for the embedded server: with the demo portfolio, and right after a first start. */
const TARGET_MB = { idle: 250, firstStart: 400 };
/**
 * glibc's malloc settings that `npm start` sets (package.json; the Dockerfile too): blocks of
 * 128 KB or more are mapped on their own and free memory at the heap's top is returned, so
 * native memory freed after a burst (a sign-in's hash, a big read) goes back to the system. By
 * default glibc raises both thresholds as it sees large blocks freed, and keeps that memory.
 */
const START_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };
/** How long the server is left alone before its memory is read (timers, the first maintenance pass). */
const SETTLE_MS = 3000;

/**
 * The embedded server's memory as `npm start` runs it: a real `node dist/src/server.js` on a new
 * DATA_DIR. First start (the database created, one page served), then, after `seed:demo` and a
 * restart, idle with the demo portfolio: signed in, the dashboard and a log page read once.
 * RSS is read from /proc after the server has been left alone for a few seconds.
 */
export async function runIdleMemory(bench: Bench): Promise<void> {
  bench.note('embedded PGlite on disk (npm start on a new DATA_DIR)');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eia-idle-'));
  const env = { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...START_MALLOC_ENV };
  try {
    let server = await startServer(env);
    try {
      await (await fetch(`${server.origin}/setup`)).text();
      await settle();
      report(bench, 'first start (database created, one page served)', server.rssMb(), TARGET_MB.firstStart);
    } finally {
      await server.stop();
    }
    await run(process.execPath, [path.join(dist, 'scripts', 'seed-demo.js')], { env: { ...env, LOG_LEVEL: 'warn' } });
    server = await startServer(env);
    try {
      const cookie = await signIn(server.origin, { email: DEMO_EMAIL, password: DEMO_PASSWORD });
      for (const page of ['/', '/practice']) {
        const response = await fetch(`${server.origin}${page}`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
        await response.text();
      }
      await settle();
      report(bench, 'idle with the demo portfolio (signed in, dashboard and a log page read)', server.rssMb(), TARGET_MB.idle);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(bench: Bench, what: string, rssMb: number, targetMb: number): void {
  bench.finding(`${what}: ${Math.round(rssMb)} MB RSS; target ≤ ${targetMb} MB: ${rssMb <= targetMb ? 'ok' : 'MISSED'}.`);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

async function startServer(env: NodeJS.ProcessEnv): Promise<{ origin: string; rssMb(): number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(dist, 'src', 'server.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const started = buffered.split('\n').find((line) => line.includes('"port"'));
      if (started) resolve((JSON.parse(started) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`the server stopped before serving (exit code ${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    rssMb: () => processRssMb(child.pid!),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
