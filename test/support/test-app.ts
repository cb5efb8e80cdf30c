import type { Application } from 'express';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { Mailer, type MailTransport } from '../../src/mail/mailer';
import { RateLimiter, defaultRateLimits, type RateLimits } from '../../src/domain/rate-limiter';
import type { AppDeps } from '../../src/http/app-deps';
import type { Db } from '../../src/db/knex';
import { FakeClock } from './fake-clock';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EvidenceStore } from '../../src/storage/evidence-store';

export const TEST_BASE_URL = 'http://eia.test';

export interface TestAppOptions {
  db: Db;
  clock?: FakeClock;
  transport?: MailTransport;
  rateLimits?: Partial<RateLimits>;
  env?: NodeJS.ProcessEnv;
}

export interface TestApp {
  app: Application;
  deps: AppDeps;
  clock: FakeClock;
  /** A browser-like client that keeps cookies between requests. */
  agent(): ReturnType<typeof request.agent>;
}

export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ DATA_DIR: '/tmp/eia-test-unused', BASE_URL: TEST_BASE_URL, SESSION_SECRET: 'test-secret-test-secret-test-secret-42', LOG_LEVEL: 'silent', ...env });
}

/** The app in-process on a given test database, with a controllable clock and no network. */
export function createTestApp(options: TestAppOptions): TestApp {
  const clock = options.clock ?? new FakeClock();
  const config = testConfig(options.env);
  const logger = createLogger(config.logLevel);
  const deps: AppDeps = {
    config,
    logger,
    db: options.db,
    clock,
    baseUrl: config.baseUrl,
    sessionSecret: config.sessionSecret!,
    mailer: new Mailer({ db: options.db, clock, logger, from: config.mailFrom, transport: options.transport }),
    rateLimiter: new RateLimiter({ db: options.db, clock }),
    rateLimits: { ...defaultRateLimits, ...options.rateLimits },
    evidenceStore: new EvidenceStore({ root: mkdtempSync(path.join(tmpdir(), 'eia-evidence-')) }),
    quotaBytes: config.portfolioQuotaBytes,
  };
  const app = buildApp(deps);
  return { app, deps, clock, agent: () => request.agent(app) };
}
