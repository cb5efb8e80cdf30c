import type { Bench, Target } from './measure';

/** One thing to measure. Each runs in its own child process, so scenarios do not share memory. */
export interface Scenario {
  /** Short and unique: it names the child process's work and the table's row. */
  name: string;
  /** How many items one run handles (rows, records, pages): the table's n column. */
  n: number;
  target: Target;
  /** Untimed set-up, then `bench.measure` around each timed operation; throws if the result is wrong. */
  run(bench: Bench, n: number): Promise<void>;
}

// Scenario code is required lazily: the parent process and the other scenarios' processes
// then never load what they do not run.
export const scenarios: Scenario[] = [
  {
    name: 'import practice CSV',
    n: 10_000,
    target: { ms: 2000, mb: 150 },
    run: async (bench, n) => (await import('./import-practice')).runPracticeImport(bench, n),
  },
];
