import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The evidence files under test/fixtures/evidence. */
export const evidenceFixture = (name: string) => path.resolve(__dirname, '../../fixtures/evidence', name);

/** Writes a CSV (header row first) to a new temporary folder and returns its path: imports need dates relative to today. */
export function writeCsv(fileName: string, rows: string[][]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'eia-e2e-csv-')), fileName);
  writeFileSync(file, rows.map((row) => row.join(',')).join('\n') + '\n');
  return file;
}
