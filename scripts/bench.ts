import { fork } from 'node:child_process';
import os from 'node:os';
import { createBench, type BenchReport } from './bench/measure';
import { formatReport, type ScenarioOutcome } from './bench/report';
import { scenarios, type Scenario } from './bench/scenarios';

/**
 * `npm run bench [-- name filter…]`: runs each scenario in a fresh child process (so one
 * scenario's memory does not inflate the next one's) and prints one table. A missed target is
 * a finding, not a failure; the exit code is non-zero only when a scenario breaks or its
 * result is wrong. The child mode is this same script with `--scenario <name>`.
 */
const CHILD_FLAG = '--scenario';

type ChildMessage = { report: BenchReport; error?: string };

async function main(): Promise<void> {
  const childIndex = process.argv.indexOf(CHILD_FLAG);
  if (childIndex >= 0) return runChild(process.argv[childIndex + 1] ?? '');

  const filters = process.argv.slice(2);
  const chosen = scenarios.filter((scenario) => filters.length === 0 || filters.some((filter) => scenario.name.includes(filter)));
  if (chosen.length === 0) throw new Error(`No scenario matches ${filters.join(', ')}. Scenarios: ${scenarios.map((scenario) => scenario.name).join('; ')}.`);
  const loadBefore = os.loadavg()[0]!; // before our own processes add to it
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of chosen) {
    process.stderr.write(`bench: running “${scenario.name}”…\n`);
    outcomes.push({ scenario, ...(await runInChild(scenario)) });
  }
  process.stdout.write(formatReport(header(outcomes, loadBefore), outcomes));
  if (outcomes.some((outcome) => outcome.error)) process.exitCode = 1;
}

/** Forks this script for one scenario; its execArgv (--expose-gc) is inherited. */
function runInChild(scenario: Scenario): Promise<Omit<ScenarioOutcome, 'scenario'>> {
  return new Promise((resolve) => {
    const child = fork(__filename, [CHILD_FLAG, scenario.name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let message: ChildMessage | undefined;
    child.on('message', (received) => (message = received as ChildMessage));
    child.on('error', (error) => resolve({ report: message?.report, error: error.message }));
    child.on('exit', (code, signal) => {
      const failure = message?.error ?? (code === 0 && message ? undefined : `the child process ended with ${signal ?? `exit code ${code}`}`);
      resolve({ report: message?.report, error: failure });
    });
  });
}

async function runChild(name: string): Promise<void> {
  const scenario = scenarios.find((candidate) => candidate.name === name);
  const bench = createBench();
  let error: string | undefined;
  try {
    if (!scenario) throw new Error(`unknown scenario “${name}”`);
    await scenario.run(bench, scenario.n);
  } catch (caught) {
    process.stderr.write(`${caught instanceof Error ? (caught.stack ?? caught.message) : String(caught)}\n`);
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const message: ChildMessage = { report: bench.report(), ...(error ? { error } : {}) };
  // Run by hand (e.g. under --cpu-prof), there is no parent: print the report instead.
  if (!process.send) {
    const outcome: ScenarioOutcome = { scenario: scenario ?? { name, n: 0, target: { ms: 0, mb: 0 } }, report: message.report, error };
    process.stdout.write(formatReport(header([outcome]), [outcome]));
    process.exitCode = error ? 1 : 0;
    return;
  }
  // Exit once the parent has the message: a stray handle (a pool's idle timer) must not hold the run.
  process.send(message, () => process.exit(error ? 1 : 0));
}

function header(outcomes: ScenarioOutcome[], load = os.loadavg()[0]!): string[] {
  const cpus = os.cpus();
  const databases = [...new Set(outcomes.flatMap((outcome) => outcome.report?.notes ?? []))];
  const configured = process.env.BENCH_DATABASE_URL ? 'PostgreSQL from BENCH_DATABASE_URL' : 'embedded PGlite in memory';
  return [
    // The load average says whether other work shared the CPUs: times are only comparable at similar load.
    `machine:  ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${process.platform} ${process.arch}; load average ${load.toFixed(2)} before the run`,
    `node:     ${process.version}${typeof (globalThis as { gc?: unknown }).gc === 'function' ? ' (--expose-gc: garbage collected before each measurement)' : ''}`,
    ...(databases.length ? databases : [configured]).map((database) => `database: ${database}`),
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
