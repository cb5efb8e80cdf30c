import type { Bench, Target } from './measure';

/** One thing to measure. Each runs in its own child process, so scenarios do not share memory. */
export interface Scenario {
  /** Short and unique: it names the child process's work and the table's row. */
  name: string;
  /** How many items one run handles (rows, records, pages): the table's n column. */
  n: number;
  /** What the issue asks for; none ("—") for sizes measured only to show how the cost grows. */
  target?: Target;
  /** Scenarios of one series differ only in n: the report shows time per 1,000 items and the growth between sizes. */
  series?: string;
  /** Untimed set-up, then `bench.measure` around each timed operation; throws if the result is wrong. */
  run(bench: Bench, n: number): Promise<void>;
}

/** The portfolio scenarios at 1,000, 10,000 and 100,000 practice entries; the targets are for 10,000. */
const SIZES = [1_000, 10_000, 100_000] as const;
const TARGET_SIZE = 10_000;
const bySize = (name: string, series: string, targetMs: number, run: Scenario['run']): Scenario[] =>
  SIZES.map((n) => ({ name: `${name} ${n / 1000}k`, n, series, ...(n === TARGET_SIZE ? { target: { ms: targetMs } } : {}), run }));

// Scenario code is required lazily: the parent process and the other scenarios' processes
// then never load what they do not run.
export const scenarios: Scenario[] = [
  {
    name: 'import practice CSV',
    n: 10_000,
    target: { ms: 2000, mb: 150 },
    run: async (bench, n) => (await import('./import-practice')).runPracticeImport(bench, n),
  },
  // n is the number of practice entries; every portfolio also has 500 supervision, 300 CPD,
  // 200 feedback and 300 reflection records.
  ...bySize('evaluate portfolio', 'evaluate portfolio (practice entries)', 25, async (bench, n) => (await import('./evaluate-portfolio')).runEvaluation(bench, n)),
  ...bySize('dashboard', 'dashboard GET / (practice entries)', 60, async (bench, n) => (await import('./dashboard')).runDashboard(bench, n)),
  // n is the log rows in all (1,400 practice, 200 supervision, 150 CPD, 100 feedback, 150
  // reflections), with 20 evidence PDFs of 10 pages each appended; Chromium is the comparison.
  // n is the practice entries of one portfolio (beside its other logs), backed up and restored whole.
  {
    name: 'backup and restore',
    n: 100_000,
    target: { ms: 60_000, mb: 250 },
    run: async (bench, n) => (await import('./backup-restore')).runBackupRestore(bench, n),
  },
  // n = 0 is the demo portfolio (npm run seed:demo's); 10,000 is practice entries as above. Each
  // page is loaded with autocannon beside a bare Express + EJS route serving the same bytes.
  ...[0, 10_000].map((n) => ({
    name: `pages side by side ${n ? '10k' : 'demo'}`,
    n,
    run: async (bench: Bench, size: number) => (await import('./side-by-side')).runSideBySide(bench, size),
  })),
  // n is the practice entries (+ the other logs, as above): a big draft PDF while /healthz is asked.
  {
    name: 'PDF with /healthz 10k',
    n: 10_000,
    target: { ms: 3000 },
    run: async (bench, n) => (await import('./pdf-health')).runPdfHealth(bench, n),
  },
  // n = 0: the server as npm start runs it, on a new DATA_DIR, then with the demo portfolio.
  {
    name: 'idle memory',
    n: 0,
    run: async (bench) => (await import('./idle-memory')).runIdleMemory(bench),
  },
  {
    name: 'portfolio PDF',
    n: 2_000,
    target: { ms: 3000, mb: 200 },
    run: async (bench, n) => (await import('./portfolio-pdf')).runPortfolioPdf(bench, n),
  },
];
