import type { Knex } from 'knex';
import type { Attempt, Job, JobHandler, JobQueue } from './job-queue';

export interface InProcessJobQueueOptions {
  /** How many times a job is tried before its failure is final. */
  attempts: number;
  /** How long to wait before trying again after the nth failed attempt. */
  retryDelayMs?: (failedAttempt: number) => number;
}

const keyOf = (job: Job) => `${job.name}:${job.id}`;

/**
 * The job queue of the embedded database: jobs run in this process, one at a time (a second large
 * PDF waits rather than doubling the memory), tried again after a growing pause. Jobs live in
 * memory only; what a killed process leaves behind is queued again from the database at start
 * (see startRendering), so nothing asked for is lost.
 */
export class InProcessJobQueue implements JobQueue {
  private handler: JobHandler | undefined;
  private readonly waiting: { job: Job; attempt: number }[] = [];
  private running: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The jobs queued and not yet done (waiting, in line, running or between attempts). */
  private readonly queued = new Set<string>();
  private stopped = false;

  constructor(private readonly options: InProcessJobQueueOptions) {}

  async enqueue(runner: Knex | Knex.Transaction, job: Job): Promise<void> {
    // In a transaction the job is pushed once it has committed; a rollback queues nothing.
    if (runner.isTransaction)
      void (runner as Knex.Transaction).executionPromise.then(
        () => this.push(job, 1),
        () => undefined,
      );
    else this.push(job, 1);
  }

  async work(handler: JobHandler): Promise<void> {
    this.handler = handler;
    for (const each of this.waiting.splice(0)) this.schedule(each.job, each.attempt);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.running;
  }

  describe(): string {
    return 'in this process';
  }

  private push(job: Job, attempt: number): void {
    // A job is in the queue once, from being queued until it is done: at start, what was asked for
    // before the queue worked is also found unfinished in the database and queued again.
    if (this.stopped || this.queued.has(keyOf(job))) return;
    this.queued.add(keyOf(job));
    if (this.handler) this.schedule(job, attempt);
    else this.waiting.push({ job, attempt });
  }

  private schedule(job: Job, attempt: number): void {
    const handler = this.handler!;
    this.running = this.running.then(() => this.run(handler, job, { number: attempt, isLast: attempt >= this.options.attempts }));
  }

  private async run(handler: JobHandler, job: Job, attempt: Attempt): Promise<void> {
    try {
      await handler(job, attempt);
    } catch {
      // The handler has recorded the failure (and logged it); a last one is not tried again.
      if (!attempt.isLast && !this.stopped) return this.retryLater(job, attempt.number);
    }
    this.queued.delete(keyOf(job));
  }

  private retryLater(job: Job, failedAttempt: number): void {
    const delay = this.options.retryDelayMs?.(failedAttempt) ?? 1000 * 2 ** failedAttempt;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) this.schedule(job, failedAttempt + 1);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
