import type { Knex } from 'knex';

/** A job as the queue carries it: what to do and the id of the row that says the rest. */
export interface Job {
  name: 'render-pdf';
  id: number;
}

/** Which attempt this is, so that the handler can report a failure as final on the last one. */
export interface Attempt {
  number: number;
  isLast: boolean;
}

/** Does a job's work; throws to have it tried again (unless it was the last attempt). */
export type JobHandler = (job: Job, attempt: Attempt) => Promise<void>;

/**
 * Heavy work (PDFs of large portfolios, submissions) done outside the request that asked for it.
 * Two implementations behind this one interface: graphile-worker on PostgreSQL (jobs survive
 * restarts, any process may work them) and an in-process queue on the embedded database.
 */
export interface JobQueue {
  /**
   * Queues a job. Given a transaction, the job exists only if it commits, so a request that fails
   * after queueing leaves nothing to do.
   */
  enqueue(runner: Knex | Knex.Transaction, job: Job): Promise<void>;
  /** Creates or updates the queue's own tables, if it keeps any (run at start). */
  migrate?(): Promise<void>;
  /** Starts doing the queue's jobs in this process. */
  work(handler: JobHandler): Promise<void>;
  /** Stops taking jobs; resolves when the ones running have finished. */
  stop(): Promise<void>;
  /** Where the jobs are kept, for the start-up log line. */
  describe(): string;
}
