import type { Knex } from 'knex';
import { InProcessJobQueue } from '../../src/db/jobs/in-process-job-queue';
import type { Attempt, Job } from '../../src/db/jobs/job-queue';

/** A stand-in for knex: the queue only asks whether it is a transaction and, if so, when it ends. */
const plainDb = { isTransaction: false } as unknown as Knex;
function transaction() {
  let commit!: () => void;
  let rollback!: () => void;
  const executionPromise = new Promise<void>((resolve, reject) => {
    commit = resolve;
    rollback = () => reject(new Error('rolled back'));
  });
  return { trx: { isTransaction: true, executionPromise } as unknown as Knex.Transaction, commit, rollback };
}

const job = (id: number): Job => ({ name: 'render-pdf', id });
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

test('jobs run one at a time, in the order queued, each told which attempt it is', async () => {
  const queue = new InProcessJobQueue({ attempts: 3 });
  const seen: string[] = [];
  let running = 0;
  await queue.work(async ({ id }, attempt) => {
    running++;
    expect(running).toBe(1);
    await settle();
    seen.push(`${id}:${attempt.number}/${attempt.isLast}`);
    running--;
  });
  await queue.enqueue(plainDb, job(1));
  await queue.enqueue(plainDb, job(2));
  await queue.stop();
  expect(seen).toEqual(['1:1/false', '2:1/false']);
});

test('jobs queued before the queue is worked wait for it', async () => {
  const queue = new InProcessJobQueue({ attempts: 1 });
  await queue.enqueue(plainDb, job(7));
  const seen: number[] = [];
  await queue.work(async ({ id }) => void seen.push(id));
  await queue.stop();
  expect(seen).toEqual([7]);
});

test('a failed job is tried again after the pause, and its last attempt says so', async () => {
  const queue = new InProcessJobQueue({ attempts: 3, retryDelayMs: (failed) => failed * 5 });
  const attempts: Attempt[] = [];
  await queue.work(async (_job, attempt) => {
    attempts.push(attempt);
    throw new Error('fails every time');
  });
  await queue.enqueue(plainDb, job(1));
  for (let i = 0; i < 50 && attempts.length < 3; i++) await settle();
  await settle();
  await queue.stop();
  expect(attempts).toEqual([
    { number: 1, isLast: false },
    { number: 2, isLast: false },
    { number: 3, isLast: true },
  ]);
});

test('a job queued in a transaction runs once it commits, and never if it rolls back', async () => {
  const queue = new InProcessJobQueue({ attempts: 1 });
  const seen: number[] = [];
  await queue.work(async ({ id }) => void seen.push(id));
  const committed = transaction();
  const rolledBack = transaction();
  await queue.enqueue(committed.trx, job(1));
  await queue.enqueue(rolledBack.trx, job(2));
  await settle();
  expect(seen).toEqual([]);
  committed.commit();
  rolledBack.rollback();
  await settle();
  await queue.stop();
  expect(seen).toEqual([1]);
});

test('stop waits for the running job and cancels the retries still waiting', async () => {
  const queue = new InProcessJobQueue({ attempts: 2, retryDelayMs: () => 50 });
  let finished = false;
  let calls = 0;
  await queue.work(async ({ id }) => {
    calls++;
    if (id === 1) throw new Error('to retry');
    await settle();
    finished = true;
  });
  await queue.enqueue(plainDb, job(1));
  await queue.enqueue(plainDb, job(2));
  await new Promise((resolve) => setTimeout(resolve, 5));
  await queue.stop();
  expect(finished).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(calls).toBe(2);
});

test('a job queued again before it begins, or while it runs, is not run twice; its retries go on as before', async () => {
  // At start the queue is also given, from the database, what was asked for before it worked.
  const queue = new InProcessJobQueue({ attempts: 2, retryDelayMs: () => 20 });
  await queue.enqueue(plainDb, job(1));
  await queue.enqueue(plainDb, job(1));
  const attempts: string[] = [];
  await queue.work(async ({ id }, attempt) => {
    attempts.push(`${id}:${attempt.number}`);
    if (attempt.number === 1 && attempts.length < 5) {
      // Queued again while it runs, then failing: the retry is enough.
      await queue.enqueue(plainDb, job(1));
      throw new Error('to retry');
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 80));
  await queue.stop();
  expect(attempts).toEqual(['1:1', '1:2']);
});
