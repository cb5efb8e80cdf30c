import type { Server } from 'node:http';
import { buildApp } from './app';
import { StartupError, bootstrap, describeDatabase } from './bootstrap';
import { ConfigError, type Config } from './config';
import { startMaintenance, startRendering } from './maintenance';
import { recoverEvidenceStore } from './domain/evidence/evidence-service';
import { armFailpoints } from './failpoints';
import type { AppDeps } from './http/app-deps';

const KEEP_ALIVE_MS = 65_000;

/** Starts the app: config → database → migrations → listen. Resolves once it is serving. */
export async function start(env: NodeJS.ProcessEnv = process.env): Promise<{ server: Server; stop: () => Promise<void>; deps: AppDeps }> {
  const deps = await bootstrap(env);
  armFailpoints(deps.config.failpoints, deps.logger);
  const recovered = await recoverEvidenceStore(deps);
  if (recovered.removedFolders) deps.logger.warn(recovered, 'removed what killed processes left in the evidence store');
  const app = buildApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(deps.config.port, () => resolve(listening)).once('error', reject);
  });
  // An idle keep-alive connection is kept longer than a load balancer keeps its own (60 s is the
  // usual default), so the app never closes one just as the balancer or a client sends on it
  // (Node's 5 s made npm run load see a few ECONNRESETs).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  const stopMaintenance = startMaintenance(deps);
  // With PDF_RENDERING=workers, `npm run worker` processes render the PDFs instead.
  const stopRendering = deps.config.pdfJobs.inProcess ? await startRendering(deps) : async () => undefined;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : deps.config.port;
  deps.logger.info(
    {
      port,
      database: describeDatabase(deps.config),
      evidence: deps.evidenceStore.describe(),
      mail: deps.mailer.delivers ? 'smtp' : 'outbox only',
      pdfs: deps.config.pdfJobs.inProcess ? `rendered here, queued ${deps.jobQueue.describe()}` : `queued ${deps.jobQueue.describe()} for npm run worker`,
    },
    startedMessage(port, deps.config),
  );

  const stop = async () => {
    stopMaintenance();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopRendering();
    await deps.evidenceStore.removeWorkFolder();
    await deps.close();
  };
  return { server, stop, deps };
}

/**
 * The line that tells the person who started the app where to open it: the port it really
 * listens on (PORT=0 picks a free one), and the public address too when one is configured.
 */
export function startedMessage(port: number, config: Pick<Config, 'port' | 'baseUrl'>): string {
  const local = `http://localhost:${port}`;
  // BASE_URL unset defaults to localhost on the configured port: nothing more to say then.
  const configured = config.baseUrl !== `http://localhost:${config.port}` && config.baseUrl !== local;
  return configured ? `EIA Portfolio is running at ${local} (public address ${config.baseUrl})` : `EIA Portfolio is running at ${local}`;
}

/** `npm start`, and each worker of `npm run start:cluster`: serve until SIGTERM or SIGINT, then stop cleanly. */
export function run(): void {
  start().then(
    ({ stop }) => {
      const shutdown = () =>
        void stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    },
    (error: unknown) => {
      // One line that says which step failed and why; never serve half-started.
      const known = error instanceof ConfigError || error instanceof StartupError;
      console.error(known ? error.message : `Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

if (require.main === module) run();
