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
  stop(): Promise<void>;
}

/**
 * The real app on a fresh database, listening on 127.0.0.1 on a free port. The port is only
 * known after listening, and links in emails need it in BASE_URL, so the server listens first
 * with a handler that hands each request to the app built right after.
 */
export async function startE2eServer(options: { setUp?: boolean } = {}): Promise<E2eServer> {
  const testDb: TestDb = await createTestDb();
  let app: Application | undefined;
  const server: Server = createServer((req, res) => app!(req, res));
  await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const clock = new FakeClock();
  const config = testConfig({ BASE_URL: baseUrl });
  const deps = buildDeps({
    config,
    db: testDb.db,
    clock,
    sessionSecret: config.sessionSecret!,
    transport: undefined, // no SMTP: every email stays in the outbox, where the tests read it
    evidenceRoot: mkdtempSync(path.join(tmpdir(), 'eia-e2e-evidence-')),
  });
  app = buildApp(deps);
  const stopRendering = await startRendering(deps);
  // A fresh instance sends every page to /setup until an administrator exists; the journeys
  // start where an applicant or supervisor would: on an instance that is already set up
  // (unless the journey is the first run itself).
  if (options.setUp !== false) await makeUser(deps, ['admin'], E2E_ADMIN);

  return {
    baseUrl,
    db: testDb.db,
    deps,
    clock,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopRendering();
      await testDb.destroy();
    },
  };
}
