import type { Knex } from 'knex';
import type { Runner } from 'graphile-worker';
import type { Logger } from '../../logger';
import type { Job, JobHandler, JobQueue } from './job-queue';

export interface GraphileJobQueueOptions {
  connectionString: string;
  /** How many times a job is tried before its failure is final. */
  attempts: number;
  /** Jobs this process works at once. */
  concurrency: number;
  logger: Logger;
}

/** graphile-worker's task names for our jobs (its identifiers are plain strings). */
const TASK = { 'render-pdf': 'render_pdf' } as const;

/**
 * The job queue on PostgreSQL: graphile-worker (its own schema, graphile_worker). Jobs are rows,
 * queued in the same transaction as the row that asked for them, picked up at once through
 * LISTEN/NOTIFY by whichever process works the queue, tried again with an exponential pause
 * (about 3 s, then 7 s …), and taken up again if the process working them dies.
 */
export class GraphileJobQueue implements JobQueue {
  private runner: Runner | undefined;

  constructor(private readonly options: GraphileJobQueueOptions) {}

  /** Creates or updates graphile-worker's schema (each start; the queue's own migrations). */
  async migrate(): Promise<void> {
    const { runMigrations } = await import('graphile-worker');
    await runMigrations({ connectionString: this.options.connectionString, logger: await this.logger() });
  }

  async enqueue(runner: Knex | Knex.Transaction, job: Job): Promise<void> {
    // One job per render (job_key): a render queued again by several processes at once is one job.
    await runner.raw('select graphile_worker.add_job(?, json_build_object(?::text, ?::int), max_attempts => ?::int, job_key => ?)', [TASK[job.name], 'id', job.id, this.options.attempts, `${job.name}:${job.id}`]);
  }

  async work(handler: JobHandler): Promise<void> {
    const { run } = await import('graphile-worker');
    this.runner = await run({
      connectionString: this.options.connectionString,
      concurrency: this.options.concurrency,
      // Its own pool: a connection per job at once, and one to spare (it LISTENs on another).
      maxPoolSize: this.options.concurrency + 1,
      noHandleSignals: true,
      pollInterval: 2000,
      logger: await this.logger(),
      taskList: {
        [TASK['render-pdf']]: async (payload, helpers) => {
          const { id } = payload as { id: number };
          const { attempts, max_attempts } = helpers.job;
          await handler({ name: 'render-pdf', id }, { number: attempts, isLast: attempts >= max_attempts });
        },
      },
    });
  }

  async stop(): Promise<void> {
    await this.runner?.stop();
    this.runner = undefined;
  }

  describe(): string {
    return 'graphile-worker on PostgreSQL';
  }

  /** graphile-worker's log lines through ours (its debug chatter at debug). */
  private async logger() {
    const { Logger } = await import('graphile-worker');
    const log = this.options.logger;
    return new Logger(() => (level, message, meta) => {
      const fields = { queue: 'graphile-worker', ...meta };
      if (level === 'error') log.error(fields, message);
      else if (level === 'warning') log.warn(fields, message);
      else if (level === 'info') log.info(fields, message);
      else log.debug(fields, message);
    });
  }
}
