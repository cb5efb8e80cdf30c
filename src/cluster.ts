import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { bootstrap, StartupError } from './bootstrap';
import { ConfigError, loadConfig, resolveSessionSecret } from './config';
import { run } from './server';

/**
 * `npm run start:cluster`: N app processes (node's cluster module) sharing one port and one
 * PostgreSQL. The primary serves nothing: it checks the settings, brings the database schema up
 * to date once, settles the session secret (so every worker signs cookies alike), then forks the
 * workers and replaces any that dies. Each worker is `npm start`'s server; sessions, rate limits,
 * the outbox and the scheduled jobs already live in the database, claimed safely by any process.
 */
const RESTART_DELAY_MS = 1000;

async function primary(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new ConfigError('npm run start:cluster needs DATABASE_URL: the embedded database admits one process (use npm start).');
  const workers = Number(process.env.CLUSTER_WORKERS ?? availableParallelism());
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError(`Invalid configuration: CLUSTER_WORKERS must be a whole number from 1 to 64 (got "${process.env.CLUSTER_WORKERS}").`);
  // Migrations once, here, so the workers do not queue at the migration lock.
  const deps = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
  await deps.close();
  const env = { SESSION_SECRET: resolveSessionSecret(config) };

  let stopping = false;
  const fork = () => cluster.fork(env);
  for (let i = 0; i < workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`EIA Portfolio worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another.`);
    setTimeout(fork, RESTART_DELAY_MS);
  });
  const stop = () => {
    stopping = true;
    // Each worker finishes its requests and closes its database pool (server.ts's SIGTERM).
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    const exited = () => Object.keys(cluster.workers ?? {}).length === 0;
    const check = setInterval(() => exited() && (clearInterval(check), process.exit(0)), 100);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (cluster.isPrimary) {
  primary().catch((error: unknown) => {
    const known = error instanceof ConfigError || error instanceof StartupError;
    console.error(known ? error.message : `Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
} else {
  run();
}
