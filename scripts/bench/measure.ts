import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** What a scenario must stay within: wall-clock time (the median, for repeated runs) and, if given, peak RSS increase. */
export interface Target {
  ms: number;
  mb?: number;
}

/** Time and peak memory above the level just before the operation started (MB = 1024² bytes). */
export interface Usage {
  ms: number;
  rssMb: number;
  heapMb: number;
  /** Repeated runs (measureRuns): how many were timed; ms is then their median, p95Ms the 95th percentile. */
  runs?: number;
  p95Ms?: number;
}

export interface Measurement extends Usage {
  /** e.g. "cold" or "warm". */
  label: string;
  /** The process's RSS when the operation started, the base of rssMb. */
  baseRssMb: number;
  /** Measured only to compare with the scenario's own operation: its target does not apply. */
  comparison?: boolean;
  phases: (Usage & { name: string })[];
}

/** Closes the current phase of an operation under this name (e.g. "preview"). */
export type Lap = (phase: string) => void;

/** What a scenario gets: a stopwatch with a memory watch, and a way to add a line to the report header. */
export interface Bench {
  measure<T>(label: string, operation: (lap: Lap) => Promise<T>): Promise<T>;
  /**
   * The same operation run `plan.warmups` times untimed, then `plan.runs` times timed: the time
   * is the median run (p95 beside it), the memory the peak over the timed runs. Each of
   * `plan.parts` is measured the same way on its own and shown as an indented row.
   * Returns the last run's result, for the scenario to check.
   */
  measureRuns<T>(label: string, plan: RunPlan, operation: () => Promise<T>): Promise<T>;
  /** A line for the report header (the database a scenario ran on). */
  note(text: string): void;
  /** A line printed under the table, after the scenario's name: a result worked out from the measurements (a ratio). */
  finding(text: string): void;
  /** What has been measured so far, e.g. to compare two measurements' medians. */
  report(): BenchReport;
}

export interface RunPlan {
  warmups: number;
  runs: number;
  parts?: Record<string, () => Promise<unknown>>;
  /** The alternative the scenario is compared with (another library, say): reported without target or verdict. */
  comparison?: boolean;
}

/** What a scenario's child process sends back to the parent. */
export interface BenchReport {
  measurements: Measurement[];
  notes: string[];
  findings?: string[];
}

const MB = 1024 * 1024;
const SAMPLE_MS = 5;

export function createBench(): Bench {
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  const findings: string[] = [];
  return {
    async measure(label, operation) {
      const { result, measurement } = await measureOnce(label, operation);
      measurements.push(measurement);
      return result;
    },
    async measureRuns(label, plan, operation) {
      const { result, measurement } = await measureRepeated(label, plan, operation);
      for (const [name, part] of Object.entries(plan.parts ?? {})) {
        const { ms, rssMb, heapMb, runs, p95Ms } = (await measureRepeated(name, plan, part)).measurement;
        measurement.phases.push({ name, ms, rssMb, heapMb, runs, p95Ms });
      }
      if (plan.comparison) measurement.comparison = true;
      measurements.push(measurement);
      return result;
    },
    note: (text) => void (notes.includes(text) || notes.push(text)),
    finding: (text) => void findings.push(text),
    report: () => ({ measurements, notes, ...(findings.length ? { findings } : {}) }),
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

/** Warm-ups, then the timed runs inside one memory watch; the measurement's time becomes their median. */
async function measureRepeated<T>(label: string, plan: RunPlan, operation: () => Promise<T>): Promise<{ result: T; measurement: Measurement }> {
  let result = undefined as T;
  for (let run = 0; run < plan.warmups; run++) result = await operation();
  const times: number[] = [];
  const { measurement } = await measureOnce(label, async () => {
    for (let run = 0; run < plan.runs; run++) {
      const started = performance.now();
      result = await operation();
      times.push(performance.now() - started);
    }
  });
  const sorted = times.sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  const median = (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2;
  // Nearest rank: of 20 runs, the 19th fastest.
  const p95 = sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
  return { result, measurement: { ...measurement, ms: median, p95Ms: p95, runs: sorted.length } };
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

/** This process's RSS once its garbage is collected and RSS stops falling (see settle). */
export async function settledRss(): Promise<number> {
  await settle();
  return process.memoryUsage.rss();
}

/** Another process's RSS in MB from /proc (0 once it has gone). */
export function processRssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
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
