import { StartupError, bootstrap, describeDatabase } from './bootstrap';
import { ConfigError } from './config';
import { startRendering } from './maintenance';
import { armFailpoints } from './failpoints';

/**
 * `npm run worker`: a process that serves no pages and renders the PDFs the app processes queue
 * (set PDF_RENDERING=workers on those). Run one or more beside the web processes so that a large
 * PDF never holds a web process's memory or time. Needs DATABASE_URL: the queue is in PostgreSQL.
 */
async function main(): Promise<void> {
  const deps = await bootstrap(process.env);
  if (!deps.config.databaseUrl) {
    await deps.close();
    throw new ConfigError('npm run worker needs DATABASE_URL: on the embedded database the app renders its own PDFs (use npm start).');
  }
  armFailpoints(deps.config.failpoints, deps.logger);
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
