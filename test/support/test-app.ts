import type { Application } from 'express';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { AppDeps } from '../../src/http/app-deps';
import type { MailTransport } from '../../src/mail/mailer';
import type { RateLimits } from '../../src/domain/rate-limiter';
import { buildDeps } from '../../src/build-deps';
import { startRendering } from '../../src/maintenance';
import type { Db } from '../../src/db/knex';
import type { JobQueue } from '../../src/db/jobs/job-queue';
import { FakeClock } from './fake-clock';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCriteriaFiles } from '../../src/domain/criteria/criteria-files';

export const TEST_BASE_URL = 'http://eia.test';
const criteriaFiles = loadCriteriaFiles();

export interface TestAppOptions {
  db: Db;
  clock?: FakeClock;
  transport?: MailTransport;
  rateLimits?: Partial<RateLimits>;
  env?: NodeJS.ProcessEnv;
  /** The queue of PDFs rendered in the background (default: one in this process, as on the embedded database). */
  jobQueue?: JobQueue;
  /** false: nothing is rendered until the test calls startRendering(t.deps) (renders stay queued). Default true. */
  render?: boolean;
}

export interface TestApp {
  app: Application;
  deps: AppDeps;
  clock: FakeClock;
  /** A browser-like client that keeps cookies between requests. */
  agent(): ReturnType<typeof request.agent>;
}

export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  // A request waits for its PDF as long as a loaded test machine may need (a test of the
  // "being prepared" page sets PDF_WAIT_SECONDS=0).
  return loadConfig({ DATA_DIR: '/tmp/eia-test-unused', BASE_URL: TEST_BASE_URL, SESSION_SECRET: 'test-secret-test-secret-test-secret-42', LOG_LEVEL: 'silent', PDF_WAIT_SECONDS: '60', ...env });
}

/** The app in-process on a given test database, with a controllable clock and no network. */
export function createTestApp(options: TestAppOptions): TestApp {
  const clock = options.clock ?? new FakeClock();
  const config = testConfig(options.env);
  const deps = buildDeps({
    config,
    db: options.db,
    clock,
    sessionSecret: config.sessionSecret!,
    transport: options.transport,
    rateLimits: options.rateLimits,
    evidenceRoot: mkdtempSync(path.join(tmpdir(), 'eia-evidence-')),
    criteriaFiles,
    jobQueue: options.jobQueue,
  });
  const app = buildApp(deps);
  // PDFs asked for in the background are rendered by this process's queue, as `npm start` does.
  // (A test of an unreachable database never renders: its failure to start is no one's concern.)
  if (options.render !== false) startRendering(deps).catch(() => undefined);
  return { app, deps, clock, agent: () => request.agent(app) };
}
