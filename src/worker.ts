import { StartupError, bootstrap, describeDatabase } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { startRendering } from './maintenance';
import { armFailpoints } from './failpoints';
import { requeueAbandonedRenders } from './domain/rendering/pdf-render-service';

/**
 * `npm run worker`: a process that serves no pages and renders the PDFs the app processes queue
 * (set PDF_RENDERING=workers on those). Run one or more beside the web processes so that a large
 * PDF never holds a web process's memory or time. Needs DATABASE_URL: the queue is in PostgreSQL.
 */
async function main(): Promise<void> {
  // Before the database is opened: on the embedded one that would take its lock (or fail for the
  // app holding it) and run its migrations only to refuse.
  if (!loadConfig(process.env).databaseUrl) throw new ConfigError('npm run worker needs DATABASE_URL: on the embedded database the app renders its own PDFs (use npm start).');
  const deps = await bootstrap(process.env);
  armFailpoints(deps.config.failpoints, deps.logger);
  // A worker that restarts after a crash (or the cluster's replacement of one) queues again what a
  // dead worker left "rendering", as the web processes' cleanup does at their start and hourly:
  // else it would wait for that cleanup, up to an hour.
  await requeueAbandonedRenders(deps);
  const stopRendering = await startRendering(deps);
  deps.logger.info({ database: describeDatabase(deps.config), evidence: deps.evidenceStore.describe(), concurrency: deps.config.pdfJobs.concurrency }, 'EIA Portfolio render worker is running');
  const shutdown = () =>
    void (async () => {
      await stopRendering();
      await deps.evidenceStore.removeWorkFolder();
      await deps.close();
    })().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** `npm run worker`, and the render process of `npm run start:cluster`. */
export function runWorker(): void {
  main().catch((error: unknown) => {
    const known = error instanceof ConfigError || error instanceof StartupError;
    console.error(known ? error.message : `Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

if (require.main === module) runWorker();
