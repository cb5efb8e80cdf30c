import type { BenchReport, Measurement, Target, Usage } from './measure';
import type { Scenario } from './scenarios';

/** What one scenario's child process gave back: its measurements, and an error if it failed. */
export interface ScenarioOutcome {
  scenario: Pick<Scenario, 'name' | 'n' | 'target'>;
  report?: BenchReport | undefined;
  error?: string | undefined;
}

// "RSS +" in the header says which memory figure the verdict judges: the RSS increase.
const HEADERS = ['scenario', 'n', 'time', 'peak memory (RSS +)', 'peak heap +', 'RSS before', 'target', 'verdict'];
const RIGHT_ALIGNED = [false, true, true, true, true, true, false, false];

const LEGEND = [
  'time: wall clock of the whole operation; the indented rows split it into its phases.',
  'peak memory (RSS +): the highest RSS above the RSS just before the operation (MB = 1024² bytes), from the',
  '  kernel\'s peak-RSS mark (VmHWM, reset before each phase) and 5 ms samples; this is the number',
  '  compared with the target. It counts PGlite\'s WASM memory and native buffers, not only the JS heap.',
  'peak heap +: the highest V8 heapUsed above its level before the operation, sampled every 5 ms (a lower bound).',
  'RSS before: the whole process just before the operation (Node, the app, the database engine, the input).',
  'cold: the first run in a fresh process (pays for JIT, schema compilation, first queries);',
  '  warm: the same work again in that process. Every scenario runs in its own child process.',
  'A missed target is reported, not fatal: the exit code is non-zero only when a scenario fails.',
];

/** The report: a header (machine, database), the aligned table, its legend, then any failures. */
export function formatReport(header: string[], outcomes: ScenarioOutcome[]): string {
  const rows: string[][] = [];
  for (const { scenario, report, error } of outcomes) {
    const measurements = report?.measurements ?? [];
    // A failed check voids the scenario's numbers: they may measure a broken path.
    for (const measurement of measurements) rows.push(...measurementRows(scenario, measurement, error ? 'FAILED' : undefined));
    if (error && measurements.length === 0) rows.push([scenario.name, count(scenario.n), '', '', '', '', targetText(scenario.target), 'FAILED']);
  }
  const failures = outcomes.filter((outcome) => outcome.error).map((outcome) => `FAILED ${outcome.scenario.name}: ${outcome.error}`);
  return [...header, '', ...alignColumns([HEADERS, ...rows], RIGHT_ALIGNED), '', ...LEGEND, ...(failures.length ? ['', ...failures] : []), ''].join('\n');
}

function measurementRows(scenario: ScenarioOutcome['scenario'], measurement: Measurement, failed?: string): string[][] {
  const main = [`${scenario.name}, ${measurement.label}`, count(scenario.n), ...usageCells(measurement), megabytes(measurement.baseRssMb), targetText(scenario.target), failed ?? verdict(measurement, scenario.target)];
  return [main, ...measurement.phases.map((phase) => [`  ${phase.name}`, '', ...usageCells(phase), '', '', ''])];
}

const usageCells = (usage: Usage) => [`${count(Math.round(usage.ms))} ms`, megabytes(usage.rssMb), megabytes(usage.heapMb)];
const count = (value: number) => value.toLocaleString('en-GB');
const megabytes = (value: number) => `${value.toFixed(1)} MB`;
const targetText = (target: Target) => `≤ ${count(target.ms)} ms, ≤ ${count(target.mb)} MB`;

function verdict(usage: Usage, target: Target): string {
  const over = [usage.ms > target.ms ? 'time' : '', usage.rssMb > target.mb ? 'memory' : ''].filter(Boolean);
  return over.length ? `over target (${over.join(', ')})` : 'ok';
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
