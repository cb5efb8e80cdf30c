import path from 'node:path';
import type { Config } from './config';
import type { Db } from './db/knex';
import type { Clock } from './clock';
import type { AppDeps } from './http/app-deps';
import type { CriteriaSet } from './domain/criteria/criteria-set';
import { createLogger, type Logger } from './logger';
import { Mailer, smtpTransport, type MailTransport } from './mail/mailer';
import { RateLimiter, defaultRateLimits, type RateLimits } from './domain/rate-limiter';
import type { EvidenceStore } from './storage/evidence-store';
import { LocalEvidenceStore } from './storage/local-evidence-store';
import { S3EvidenceStore } from './storage/s3-evidence-store';
import { loadCriteriaFiles } from './domain/criteria/criteria-files';
import { EvidenceCache } from './domain/portfolio/evidence-cache';
import type { SnapshotPdfDeps } from './pdf/snapshot-pdf';
import type { RenderSnapshot } from './domain/snapshot/snapshot-renderer';
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
  const evidenceStore = evidenceStoreFor(config, options.evidenceRoot ?? path.join(config.dataDir, 'evidence'));
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
    renderSnapshot: renderOnFirstUse({ evidenceStore, parseLimits: config.parseLimits, baseUrl: config.baseUrl }),
    jobQueue: options.jobQueue ?? jobQueueFor(config, logger),
  };
}

/** PostgreSQL keeps the jobs (any process may render them); the embedded database's process renders its own. */
export function jobQueueFor(config: Config, logger: Logger): JobQueue {
  const { attempts, concurrency } = config.pdfJobs;
  if (config.databaseUrl) return new GraphileJobQueue({ connectionString: config.databaseUrl, attempts, concurrency, logger });
  return new InProcessJobQueue({ attempts });
}

/** The configured evidence store: a folder, or a bucket with its spool in the folder. */
function evidenceStoreFor(config: Config, root: string): EvidenceStore {
  const { storage } = config;
  if (storage.kind === 'local') return new LocalEvidenceStore({ root });
  return new S3EvidenceStore({ ...storage, spool: path.join(root, 'tmp') });
}

/**
 * The PDF renderer, loaded with its libraries (pdfkit, pdf-lib, qrcode: about 45 MB) when the
 * first PDF is asked for rather than at start: most processes of a day never render one.
 */
function renderOnFirstUse(options: SnapshotPdfDeps): RenderSnapshot {
  let renderer: Promise<RenderSnapshot> | undefined;
  return async (...args) => (await (renderer ??= import('./pdf/snapshot-pdf').then((module) => module.snapshotPdfRenderer(options))))(...args);
}
