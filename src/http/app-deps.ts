import type { ServiceDeps } from '../domain/deps';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { RateLimiter, RateLimits } from '../domain/rate-limiter';
import type { EvidenceDeps } from '../domain/evidence/evidence-service';
import type { EvaluationDeps } from '../domain/portfolio/evaluation-service';
import type { ParseLimits } from '../validation/parse-limits';
import type { RenderSnapshot } from '../domain/snapshot/snapshot-renderer';
import type { JobQueue } from '../db/jobs/job-queue';
import type { LogTotalsCache } from '../domain/records/log-totals-cache';

/** Everything the web app is built from; tests build it with a fresh database and a fake clock. */
export interface AppDeps extends ServiceDeps, EvidenceDeps, EvaluationDeps {
  config: Config;
  logger: Logger;
  sessionSecret: string;
  rateLimiter: RateLimiter;
  rateLimits: RateLimits;
  parseLimits: ParseLimits;
  renderSnapshot: RenderSnapshot;
  /** Where PDFs to render in the background are queued (graphile-worker on PostgreSQL, in-process on the embedded database). */
  jobQueue: JobQueue;
  /** The log pages' totals, per portfolio revision. */
  logTotals: LogTotalsCache;
}
