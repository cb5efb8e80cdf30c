import { finished, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SHARE_ENV, type Worker } from 'node:worker_threads';
import type { RenderSnapshot } from '../domain/snapshot/snapshot-renderer';
import type { EvidenceStoreSettings } from '../storage/evidence-store-settings';
import type { ParseLimits } from '../validation/parse-limits';
import { startWorkerFile } from '../worker-file';
import type { FromThread, RenderJob, ToThread } from './snapshot-pdf-worker';
import { fromThreadError } from './thread-error';

export interface SnapshotPdfThreadOptions {
  /** The store the thread opens to read evidence files (the app's own, as settings). */
  evidenceStore: EvidenceStoreSettings;
  /** How much an evidence file may inflate to before it is placed. */
  parseLimits: ParseLimits;
  baseUrl: string;
  /** The thread's heap limit in MB (HEAP_LIMIT_MB by default). */
  heapLimitMb?: number;
  /** How long a thread waits for the next render before it ends (IDLE_MS by default; 0: it ends after each render). */
  idleMs?: number;
}

/**
 * The render thread's heap limit (V8's old generation; Buffers are outside it): a render that
 * needs more fails, and the render service reports it and tries again, instead of growing the
 * process without bound. Measured: a 10,000-entry PDF with 200 evidence pages renders within
 * 128 MB and fails within 64 MB; the rest is room for one large evidence PDF being copied in
 * (EVIDENCE_MAX_UNPACKED_MB lets one inflate to 200 MB).
 */
export const HEAP_LIMIT_MB = 1024;
/**
 * A thread is kept this long after a render, for the next one, then ends and gives its memory
 * back. Measured: starting a thread (loading pdfkit, pdf-lib and the fonts) takes about 0.5 s,
 * and its code is not yet optimised, so a 2,000-row PDF took 3.6 s on a new thread and 1.8 s on
 * one that had rendered before; an idle thread holds 70 to 110 MB of RSS until it ends.
 */
export const IDLE_MS = 30_000;

const messages = {
  tooBig: (megabytes: number) => `The PDF needed more memory than its render thread may use (${megabytes} MB).`,
  stopped: (code: number) => `The PDF's render thread stopped unexpectedly (exit code ${code}).`,
  readerGone: 'The PDF’s reader went away.',
};

/**
 * Room for the render's short-lived objects (pdfkit makes many per cell): with V8's default a
 * 10,000-row PDF spent a quarter of its time collecting garbage; with this, a tenth (about a
 * second less). The thread ends soon after its last PDF, and gives the memory back.
 */
const YOUNG_GENERATION_MB = 192;

/** The one thread waiting for a render, if any (renders are few: one thread per render at the same time, one kept). */
let idle: { worker: Worker; heapLimitMb: number; timer: NodeJS.Timeout } | undefined;
const running = new Set<Worker>();

/** How many render threads exist now, rendering or idle (a thread counts until it has exited). */
export const renderThreadCount = () => running.size;

function takeThread(heapLimitMb: number): Worker {
  if (idle?.heapLimitMb === heapLimitMb) {
    const { worker, timer } = idle;
    idle = undefined;
    clearTimeout(timer);
    worker.ref();
    return worker;
  }
  // SHARE_ENV: the S3 client in the thread reads the same AWS_* variables as the main thread, even if they were set after it started.
  const worker = startWorkerFile(__dirname, 'snapshot-pdf-worker', { env: SHARE_ENV, resourceLimits: { maxOldGenerationSizeMb: heapLimitMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  running.add(worker);
  // A render listens for the thread's failures itself; an idle thread that fails is only dropped.
  worker
    .on('error', () => undefined)
    .once('exit', () => {
      running.delete(worker);
      if (idle?.worker !== worker) return;
      clearTimeout(idle.timer);
      idle = undefined;
    });
  return worker;
}

function keepIdle(worker: Worker, heapLimitMb: number, idleMs: number): void {
  if (idleMs <= 0 || idle) return void worker.terminate();
  worker.unref();
  idle = { worker, heapLimitMb, timer: setTimeout(() => void worker.terminate(), idleMs).unref() };
}

/**
 * One render on a thread: the job is posted, the bytes come back in chunks and are piped into
 * `out` with its backpressure (a chunk is acknowledged once `out` has taken it; the thread
 * waits while too many are unacknowledged). `out` is piped into only from the first chunk on,
 * so a render that fails before (the snapshot, the model) leaves `out` as it was, as the
 * renderer did on the main thread; from then on a failure destroys `out`, as pipeline does.
 */
function renderOn(worker: Worker, job: RenderJob, out: NodeJS.WritableStream, heapLimitMb: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let owed = 0;
    let piping = false;
    let settled = false;
    const source = new Readable({
      read() {
        if (owed === 0) return;
        worker.postMessage({ ack: owed } satisfies ToThread);
        owed = 0;
      },
    });
    // Before the first chunk, `out` ending or failing (a client gone) stops the render too.
    const stopWatching = finished(out, { readable: false }, (error) => fail(error ?? new Error(messages.readerGone)));
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      stopWatching();
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const fail = (error: Error) => (piping ? source.destroy(error) : settle(error));
    const pipe = () => {
      if (piping) return;
      piping = true;
      stopWatching();
      pipeline(source, out as NodeJS.WritableStream).then(() => settle(), settle);
    };
    const onMessage = (message: FromThread) => {
      if ('chunk' in message) {
        pipe();
        if (source.push(Buffer.from(message.chunk))) worker.postMessage({ ack: 1 } satisfies ToThread);
        else owed += 1;
      } else if ('done' in message) {
        pipe();
        source.push(null);
      } else fail(fromThreadError(message.failed));
    };
    const onError = (error: Error & { code?: string }) => fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(messages.tooBig(heapLimitMb)) : error);
    const onExit = (code: number) => fail(new Error(messages.stopped(code)));
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage({ render: job } satisfies ToThread);
  });
}

/**
 * The application PDF renderer of src/pdf/snapshot-pdf.ts, run in a worker thread: the main
 * thread (requests, /healthz) keeps answering while a large PDF is drawn, and never loads pdfkit
 * or pdf-lib. A failure in the thread rejects with its message (an AppError stays one); a thread
 * that runs out of memory or exits rejects the render; `out` closing early ends the thread.
 */
export function snapshotPdfInThread(options: SnapshotPdfThreadOptions): RenderSnapshot {
  const heapLimitMb = options.heapLimitMb ?? HEAP_LIMIT_MB;
  const idleMs = options.idleMs ?? IDLE_MS;
  return async (snapshot, sha256, identity, out) => {
    const job: RenderJob = { snapshot, sha256, identity, evidenceStore: options.evidenceStore, parseLimits: options.parseLimits, baseUrl: options.baseUrl };
    const worker = takeThread(heapLimitMb);
    try {
      await renderOn(worker, job, out, heapLimitMb);
    } catch (error) {
      // Whatever the thread was doing is of no use now (and a failed render may have left it in any state).
      void worker.terminate();
      throw error;
    }
    keepIdle(worker, heapLimitMb, idleMs);
  };
}
