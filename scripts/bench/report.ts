import type { BenchReport, Measurement, Target, Usage } from './measure';
import type { Scenario } from './scenarios';

/** What one scenario's child process gave back: its measurements, and an error if it failed. */
export interface ScenarioOutcome {
  scenario: Pick<Scenario, 'name' | 'n' | 'target' | 'series'>;
  report?: BenchReport | undefined;
  error?: string | undefined;
}

// "RSS +" in the header says which memory figure the verdict judges: the RSS increase.
const HEADERS = ['scenario', 'n', 'time', 'p95', 'per 1,000', 'peak memory (RSS +)', 'peak heap +', 'RSS before', 'target', 'verdict'];
const RIGHT_ALIGNED = [false, true, true, true, true, true, true, true, false, false];

const LEGEND = [
  'time: wall clock of the whole operation; the indented rows split it into its phases (under a',
  '  repeated measurement: its parts, each timed on its own the same way, so they need not add up).',
  'peak memory (RSS +): the highest RSS above the RSS just before the operation (MB = 1024² bytes), from the',
  "  kernel's peak-RSS mark (VmHWM, reset before each phase) and 5 ms samples; this is the number",
  "  compared with the target. It counts PGlite's WASM memory and native buffers, not only the JS heap.",
  'peak heap +: the highest V8 heapUsed above its level before the operation, sampled every 5 ms (a lower bound).',
  'RSS before: the whole process just before the operation (Node, the app, the database engine, the input).',
  'Repeated runs ("median of k"): time is the median of k timed runs after untimed warm-ups, p95 the 95th',
  '  percentile (nearest rank), memory the peak over the k runs; a target applies to the median.',
  'per 1,000: time ÷ (n / 1,000), for scenarios measured at several sizes; "growth" below compares the sizes.',
  'cold: the first run in a fresh process (pays for JIT, schema compilation, first queries);',
  '  warm: the same work again in that process. Every scenario runs in its own child process.',
  "comparison: a measurement of an alternative (another library), shown beside the scenario's own; no target applies.",
  'A missed target is reported, not fatal: the exit code is non-zero only when a scenario fails.',
];

/** The report: a header (machine, database), the aligned table, its legend, then any failures. */
export function formatReport(header: string[], outcomes: ScenarioOutcome[]): string {
  const rows: string[][] = [];
  for (const { scenario, report, error } of outcomes) {
    const measurements = report?.measurements ?? [];
    // A failed check voids the scenario's numbers: they may measure a broken path.
    for (const measurement of measurements) rows.push(...measurementRows(scenario, measurement, error ? 'FAILED' : undefined));
    if (error && measurements.length === 0) rows.push([scenario.name, count(scenario.n), '', '', '', '', '', '', targetText(scenario.target), 'FAILED']);
  }
  const failures = outcomes.filter((outcome) => outcome.error).map((outcome) => `FAILED ${outcome.scenario.name}: ${outcome.error}`);
  const growth = growthLines(outcomes);
  const findings = outcomes.flatMap(({ scenario, report }) => (report?.findings ?? []).map((finding) => `${scenario.name}: ${finding}`));
  const below = [...growth, ...findings];
  return [...header, '', ...alignColumns([HEADERS, ...rows], RIGHT_ALIGNED), '', ...(below.length ? [...below, ''] : []), ...LEGEND, ...(failures.length ? ['', ...failures] : []), ''].join('\n');
}

function measurementRows(scenario: ScenarioOutcome['scenario'], measurement: Measurement, failed?: string): string[][] {
  const perThousand = (usage: Usage) => (scenario.series ? milliseconds(usage.ms / (scenario.n / 1000)) : '');
  const target = measurement.comparison ? undefined : scenario.target;
  const judged = measurement.comparison ? 'comparison' : verdict(measurement, target);
  const main = [`${scenario.name}, ${measurement.label}${runsText(measurement)}`, count(scenario.n), ...usageCells(measurement, perThousand), megabytes(measurement.baseRssMb), targetText(target), failed ?? judged];
  return [main, ...measurement.phases.map((phase) => [`  ${phase.name}${runsText(phase)}`, '', ...usageCells(phase, perThousand), '', '', ''])];
}

const runsText = (usage: Usage) => (usage.runs === 1 ? ' (one run)' : usage.runs ? ` (median of ${usage.runs})` : '');
const usageCells = (usage: Usage, perThousand: (usage: Usage) => string) => [
  milliseconds(usage.ms),
  usage.p95Ms === undefined || usage.runs === 1 ? '' : milliseconds(usage.p95Ms),
  perThousand(usage),
  megabytes(usage.rssMb),
  megabytes(usage.heapMb),
];
const count = (value: number) => value.toLocaleString('en-GB');
/** Whole milliseconds from 100 ms on; below that, the decimals that small times need. */
const milliseconds = (ms: number) => `${ms >= 100 ? count(Math.round(ms)) : ms.toFixed(ms >= 10 ? 1 : 2)} ms`;
const megabytes = (value: number) => `${value.toFixed(1)} MB`;
const targetText = (target?: Target) => (target ? [`≤ ${count(target.ms)} ms`, ...(target.mb === undefined ? [] : [`≤ ${count(target.mb)} MB`])].join(', ') : '—');

function verdict(usage: Usage, target?: Target): string {
  if (!target) return '—';
  const over = [usage.ms > target.ms ? 'time' : '', target.mb !== undefined && usage.rssMb > target.mb ? 'memory' : ''].filter(Boolean);
  return over.length ? `over target (${over.join(', ')})` : 'ok';
}

/**
 * One line per series measured at several sizes: how the (median) time grows from one size to
 * the next, beside how n grows. Linear growth keeps the time per 1,000 items about the same.
 */
function growthLines(outcomes: ScenarioOutcome[]): string[] {
  const bySeries = new Map<string, { n: number; ms: number }[]>();
  for (const { scenario, report, error } of outcomes) {
    const measurement = report?.measurements[0];
    if (!scenario.series || !measurement || error) continue;
    bySeries.set(scenario.series, [...(bySeries.get(scenario.series) ?? []), { n: scenario.n, ms: measurement.ms }]);
  }
  const lines: string[] = [];
  for (const [series, points] of bySeries) {
    if (points.length < 2) continue;
    points.sort((a, b) => a.n - b.n);
    const steps = points.slice(1).map((point, index) => {
      const before = points[index]!;
      return `${count(before.n)} → ${count(point.n)}: n ×${(point.n / before.n).toFixed(1)}, time ×${(point.ms / before.ms).toFixed(1)}`;
    });
    const perThousand = points.map((point) => milliseconds(point.ms / (point.n / 1000))).join(', ');
    lines.push(`growth, ${series}: ${steps.join('; ')} (per 1,000: ${perThousand})`);
  }
  return lines;
}

/** Plain-text columns, two spaces apart, the header underlined. */
function alignColumns(rows: string[][], rightAligned: boolean[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)];
}
