import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { buildApp } from '../../src/app';
import { streamPortfolioPdf } from '../../src/domain/portfolio/portfolio-pdf-service';
import { openBenchDb } from './bench-db';
import { benchDeps } from './bench-deps';
import { close, listenOnLoopback } from './dashboard';
import { settledRss, type Bench } from './measure';
import { seedPortfolio } from './seed-portfolio';

/** The target: /healthz answers within this at p99 while the big PDF renders. */
const HEALTH_P99_MS = 100;
/** How often the prober asks, from its own process (so its clock is not the server's event loop). */
const PROBE_EVERY_MS = 20;
/** How many PDFs are timed (after one untimed) while /healthz is asked. */
const TIMED_RENDERS = 3;
/** After the PDF, how long the process is left before its memory is read again. */
const SETTLE_MS = 2000;

/** A prober in a child process: asks /healthz every PROBE_EVERY_MS until told to stop on stdin, then prints the latencies. */
const PROBER = `
const url = process.argv[1], every = Number(process.argv[2]), times = [];
let stop = false;
process.stdin.on('data', () => { stop = true; });
(async () => {
  while (!stop) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status !== 200) { console.error('healthz answered ' + response.status); process.exit(1); }
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  process.stdout.write(JSON.stringify(times));
})();`;

/**
 * The draft PDF of a portfolio of n practice entries (+ the other logs) made by the app process
 * while another process asks its /healthz every 20 ms: the PDF's time and memory, /healthz's
 * latencies meanwhile, and the process's memory before and after (it should return).
 */
export async function runPdfHealth(bench: Bench, practiceEntries: number): Promise<void> {
  const database = await openBenchDb();
  bench.note(database.backend);
  const { deps, dispose } = benchDeps(database.db);
  const server = await listenOnLoopback(buildApp(deps));
  try {
    const { owner } = await seedPortfolio(deps, practiceEntries);
    const render = async () => {
      let pages = 0;
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          pages += chunk.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
          done();
        },
      });
      await streamPortfolioPdf(deps, owner.id, {}, sink);
      await finished(sink);
      return pages;
    };
    await render(); // warm: the renderer's libraries loaded, the evidence read, as on a server that has made one
    await pause();
    const before = await settledRss();

    const prober = spawn(process.execPath, ['-e', PROBER, `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`, String(PROBE_EVERY_MS)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    prober.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const proberDone = new Promise<void>((resolve) => prober.once('exit', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the prober is running
    // Three renders timed, for their median: one varies by a few hundred ms with the collector's timing.
    const pages = await bench.measureRuns(`draft PDF of ${practiceEntries.toLocaleString('en-GB')} practice entries, ${database.engine}, /healthz asked meanwhile`, { warmups: 0, runs: TIMED_RENDERS }, render);
    prober.stdin!.end('stop');
    await proberDone;
    const times = (JSON.parse(output || '[]') as number[]).sort((a, b) => a - b);
    if (times.length < 5) throw new Error(`the prober answered ${times.length} times`);
    const at = (fraction: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(fraction * times.length) - 1)]!);
    bench.finding(
      `${pages} pages; /healthz asked ${times.length} times meanwhile: median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${Math.round(times.at(-1)!)} ms; target p99 under ${HEALTH_P99_MS} ms: ${at(0.99) < HEALTH_P99_MS ? 'ok' : 'MISSED'}.`,
    );
    await pause();
    const after = await settledRss();
    bench.finding(`the process's RSS before the PDF ${megabytes(before)}, ${SETTLE_MS / 1000} s after it ${megabytes(after)} (${after - before >= 0 ? '+' : ''}${megabytes(after - before)}).`);
  } finally {
    await close(server);
    dispose();
    await database.close();
  }
}

const pause = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
