import path from 'node:path';
import type { Config } from './config';
import type { Db } from './db/knex';
import type { Clock } from './clock';
import type { AppDeps } from './http/app-deps';
import type { CriteriaSet } from './domain/criteria/criteria-set';
import { createLogger, type Logger } from './logger';
import { Mailer, smtpTransport, type MailTransport } from './mail/mailer';
import { RateLimiter, defaultRateLimits, type RateLimits } from './domain/rate-limiter';
import { evidenceStoreSettings, openEvidenceStore } from './storage/evidence-store-settings';
import { loadCriteriaFiles } from './domain/criteria/criteria-files';
import { LogTotalsCache } from './domain/records/log-totals-cache';
import { EvidenceCache } from './domain/portfolio/evidence-cache';
import { snapshotPdfInThread } from './pdf/snapshot-pdf-thread';
import { repositories } from './db/repositories';
import type { JobQueue } from './db/jobs/job-queue';
import { InProcessJobQueue } from './db/jobs/in-process-job-queue';
import { GraphileJobQueue } from './db/jobs/graphile-job-queue';

export interface DepsOptions {
  config: Config;
  db: Db;
  clock: Clock;
  sessionSecret: string;
  logger?: Logger;
  /** Defaults to SMTP_URL's transport, or none (mail held in the outbox). */
  transport?: MailTransport;
  rateLimits?: Partial<RateLimits>;
  /** Defaults to DATA_DIR/evidence (and, with STORAGE=s3, the folder uploads are spooled in). */
  evidenceRoot?: string;
  /** Defaults to the validated files in criteria/. */
  criteriaFiles?: readonly CriteriaSet[];
  /** Defaults to graphile-worker with DATABASE_URL, else a queue in this process (tests' apps use that one). */
  jobQueue?: JobQueue;
}

/** The one place the app's dependencies are assembled: the server, the CLI, tests and the benchmark. */
export function buildDeps(options: DepsOptions): AppDeps {
  const { config, db, clock } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const storeSettings = evidenceStoreSettings(config.storage, options.evidenceRoot ?? path.join(config.dataDir, 'evidence'));
  const evidenceStore = openEvidenceStore(storeSettings);
  return {
    config,
    logger,
    db,
    repos: repositories,
    clock,
    baseUrl: config.baseUrl,
    sessionSecret: options.sessionSecret,
    mailer: new Mailer({ db, outbox: repositories.outbox, clock, logger, from: config.mailFrom, transport: 'transport' in options ? options.transport : smtpTransport(config.smtpUrl) }),
    rateLimiter: new RateLimiter({ db, clock, repos: repositories }),
    rateLimits: { ...defaultRateLimits, ...options.rateLimits },
    evidenceStore,
    quotaBytes: config.portfolioQuotaBytes,
    parseLimits: config.parseLimits,
    criteriaFiles: options.criteriaFiles ?? loadCriteriaFiles(),
    evidenceCache: new EvidenceCache(),
    logTotals: new LogTotalsCache(),
    // In a worker thread, which loads the PDF libraries (pdfkit, pdf-lib, qrcode: about 45 MB) when
    // the first PDF is asked for: this thread never loads them, and keeps answering while it renders.
    renderSnapshot: snapshotPdfInThread({ evidenceStore: storeSettings, parseLimits: config.parseLimits, baseUrl: config.baseUrl }),
    jobQueue: options.jobQueue ?? jobQueueFor(config, logger),
  };
}

/** PostgreSQL keeps the jobs (any process may render them); the embedded database's process renders its own. */
export function jobQueueFor(config: Config, logger: Logger): JobQueue {
  const { attempts, concurrency } = config.pdfJobs;
  if (config.databaseUrl) return new GraphileJobQueue({ connectionString: config.databaseUrl, attempts, concurrency, logger });
  return new InProcessJobQueue({ attempts });
}
