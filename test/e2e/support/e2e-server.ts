import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Application } from 'express';
import { buildApp } from '../../../src/app';
import { buildDeps } from '../../../src/build-deps';
import { startRendering } from '../../../src/maintenance';
import type { AppDeps } from '../../../src/http/app-deps';
import type { Db } from '../../../src/db/knex';
import { createTestDb, type TestDb } from '../../support/test-db';
import { testConfig } from '../../support/test-app';
import { FakeClock } from '../../support/fake-clock';
import { makeUser } from '../../support/factories';

/** The administrator every e2e instance starts with (registration needs a set-up instance). */
export const E2E_ADMIN = { name: 'Avery Admin', email: 'admin@example.org', password: 'lantern orchard ninety' };

export interface E2eServer {
  /** The address the browser uses, e.g. http://127.0.0.1:40123; also the app's BASE_URL, so emailed links work. */
  baseUrl: string;
  db: Db;
  deps: AppDeps;
  clock: FakeClock;
  /** Starts rendering the PDFs asked for in the background (at once, unless the server was started with render: false). */
  startRendering(): Promise<void>;
  stop(): Promise<void>;
}

export interface E2eServerOptions {
  /** false: no account at all (the first run). */
  setUp?: boolean;
  /** More of the app's environment, e.g. PDF_WAIT_SECONDS. */
  env?: NodeJS.ProcessEnv;
  /** false: PDFs asked for stay queued until the test calls startRendering(). Default true. */
  render?: boolean;
}

/**
 * The real app on a fresh database, listening on 127.0.0.1 on a free port. The port is only
 * known after listening, and links in emails need it in BASE_URL, so the server listens first
 * with a handler that hands each request to the app built right after.
 */
export async function startE2eServer(options: E2eServerOptions = {}): Promise<E2eServer> {
  const testDb: TestDb = await createTestDb();
  let app: Application | undefined;
  const server: Server = createServer((req, res) => app!(req, res));
  await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const clock = new FakeClock();
  const config = testConfig({ ...options.env, BASE_URL: baseUrl });
  const deps = buildDeps({
    config,
    db: testDb.db,
    clock,
    sessionSecret: config.sessionSecret!,
    transport: undefined, // no SMTP: every email stays in the outbox, where the tests read it
    evidenceRoot: mkdtempSync(path.join(tmpdir(), 'eia-e2e-evidence-')),
  });
  app = buildApp(deps);
  // PDFs asked for in the background are rendered from the start, or once the test says so.
  let rendering: Promise<unknown> | undefined;
  const render = async (): Promise<void> => {
    rendering ??= startRendering(deps);
    await rendering;
  };
  if (options.render !== false) await render();
  // A fresh instance sends every page to /setup until an administrator exists; the journeys
  // start where an applicant or supervisor would: on an instance that is already set up
  // (unless the journey is the first run itself).
  if (options.setUp !== false) await makeUser(deps, ['admin'], E2E_ADMIN);

  return {
    baseUrl,
    db: testDb.db,
    deps,
    clock,
    startRendering: render,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.jobQueue.stop();
      await testDb.destroy();
    },
  };
}
