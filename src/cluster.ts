import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { bootstrap, StartupError } from './bootstrap';
import { ConfigError, loadConfig, resolveSessionSecret } from './config';
import { run } from './server';
import { runWorker } from './worker';

/**
 * `npm run start:cluster`: N app processes (node's cluster module) sharing one port and one
 * PostgreSQL. The primary serves nothing: it checks the settings, brings the database schema up
 * to date once, settles the session secret (so every worker signs cookies alike), then forks the
 * workers and replaces any that dies. Each worker is `npm start`'s server; sessions, rate limits,
 * the outbox and the scheduled jobs already live in the database, claimed safely by any process.
 * PDFs are rendered by CLUSTER_RENDER_WORKERS processes of their own (`npm run worker`'s, 1 by
 * default), so a large one never holds a web process; with 0 the web processes render them.
 */
const RESTART_DELAY_MS = 1000;

async function primary(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new ConfigError('npm run start:cluster needs DATABASE_URL: the embedded database admits one process (use npm start).');
  const workers = Number(process.env.CLUSTER_WORKERS ?? availableParallelism());
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError(`Invalid configuration: CLUSTER_WORKERS must be a whole number from 1 to 64 (got "${process.env.CLUSTER_WORKERS}").`);
  const renderers = Number(process.env.CLUSTER_RENDER_WORKERS ?? 1);
  if (!Number.isInteger(renderers) || renderers < 0 || renderers > 16)
    throw new ConfigError(`Invalid configuration: CLUSTER_RENDER_WORKERS must be a whole number from 0 to 16 (got "${process.env.CLUSTER_RENDER_WORKERS}").`);
  // Migrations once, here, so the workers do not queue at the migration lock.
  const deps = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
  await deps.close();
  const web = { SESSION_SECRET: resolveSessionSecret(config), ...(renderers ? { PDF_RENDERING: 'workers' } : {}) };
  const renderer = { ...web, EIA_PROCESS: 'renderer' };

  let stopping = false;
  const fork = (env: NodeJS.ProcessEnv) => {
    const worker = cluster.fork(env);
    // A worker that dies is replaced by one of its own kind.
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`EIA Portfolio ${env.EIA_PROCESS ?? 'web'} worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another.`);
      setTimeout(() => fork(env), RESTART_DELAY_MS);
    });
  };
  for (let i = 0; i < workers; i++) fork(web);
  for (let i = 0; i < renderers; i++) fork(renderer);
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
} else if (process.env.EIA_PROCESS === 'renderer') {
  runWorker();
} else {
  run();
}
