import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** What a scenario must stay within: wall-clock time and peak RSS increase. */
export interface Target {
  ms: number;
  mb: number;
}

/** Time and peak memory above the level just before the operation started (MB = 1024² bytes). */
export interface Usage {
  ms: number;
  rssMb: number;
  heapMb: number;
}

export interface Measurement extends Usage {
  /** e.g. "cold" or "warm". */
  label: string;
  /** The process's RSS when the operation started, the base of rssMb. */
  baseRssMb: number;
  phases: (Usage & { name: string })[];
}

/** Closes the current phase of an operation under this name (e.g. "preview"). */
export type Lap = (phase: string) => void;

/** What a scenario gets: a stopwatch with a memory watch, and a way to add a line to the report header. */
export interface Bench {
  measure<T>(label: string, operation: (lap: Lap) => Promise<T>): Promise<T>;
  note(text: string): void;
}

/** What a scenario's child process sends back to the parent. */
export interface BenchReport {
  measurements: Measurement[];
  notes: string[];
}

const MB = 1024 * 1024;
const SAMPLE_MS = 5;

export function createBench(): Bench & { report(): BenchReport } {
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  return {
    async measure(label, operation) {
      const { result, measurement } = await measureOnce(label, operation);
      measurements.push(measurement);
      return result;
    },
    note: (text) => void (notes.includes(text) || notes.push(text)),
    report: () => ({ measurements, notes }),
  };
}

/**
 * Runs one operation and watches the process's memory. RSS is what the target is about: it
 * includes PGlite's WASM memory and native buffers, which the V8 heap does not. A timer
 * samples every 5 ms, but it cannot fire while the operation runs synchronous code (parsing
 * 10,000 rows), so on Linux the kernel's own high-water mark (VmHWM, reset before each phase)
 * gives the true peak; the samples are the fallback elsewhere. heapUsed has no such mark:
 * its peak is sampled, so it is a lower bound.
 */
async function measureOnce<T>(label: string, operation: (lap: Lap) => Promise<T>): Promise<{ result: T; measurement: Measurement }> {
  await settle();
  const base = process.memoryUsage();
  const total = new Peaks(base);
  let phase = new Peaks(base);
  const phases: Measurement['phases'] = [];
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    total.sample(usage);
    phase.sample(usage);
  }, SAMPLE_MS);

  // The high-water mark is only about this phase if it could be reset at the phase's start.
  let highWaterReset = resetRssHighWater();
  const started = performance.now();
  let phaseStarted = started;
  const finishPhase = () => {
    const usage = process.memoryUsage();
    const highWater = highWaterReset ? readRssHighWater() : undefined;
    for (const peaks of [total, phase]) peaks.sample(usage, highWater);
  };
  const lap: Lap = (name) => {
    const now = performance.now();
    finishPhase();
    phases.push({ name, ms: now - phaseStarted, ...phase.inMb() });
    phase = new Peaks(base);
    phaseStarted = now;
    highWaterReset = resetRssHighWater();
  };

  let result: T;
  try {
    result = await operation(lap);
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - started;
  finishPhase();
  return { result, measurement: { label, ms, ...total.inMb(), baseRssMb: base.rss / MB, phases } };
}

/**
 * Lets the set-up's garbage go before the base is read. Without this, memory freed late (PGlite
 * drops a few hundred MB of start-up buffers only after a GC and a turn of the event loop) is
 * released during the operation and hides what the operation itself uses. With --expose-gc:
 * collect and yield until RSS stops falling.
 */
async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 10; round++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const rss = process.memoryUsage.rss();
    if (previous - rss < MB) return;
    previous = rss;
  }
}

/** The highest RSS and heapUsed seen, above a base. */
class Peaks {
  private rss = 0;
  private heap = 0;
  constructor(private readonly base: NodeJS.MemoryUsage) {}

  sample(usage: NodeJS.MemoryUsage, rssHighWater?: number): void {
    this.rss = Math.max(this.rss, usage.rss - this.base.rss, (rssHighWater ?? 0) - this.base.rss);
    this.heap = Math.max(this.heap, usage.heapUsed - this.base.heapUsed);
  }

  inMb(): { rssMb: number; heapMb: number } {
    return { rssMb: this.rss / MB, heapMb: this.heap / MB };
  }
}

/** Writing 5 to clear_refs resets the process's peak RSS to its current RSS (Linux ≥ 4.0). */
function resetRssHighWater(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false; // not Linux, or not allowed: the 5 ms samples stand alone
  }
}

function readRssHighWater(): number | undefined {
  try {
    const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
  } catch {
    return undefined;
  }
}
