import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The evidence files under test/fixtures/evidence. */
export const evidenceFixture = (name: string) => path.resolve(__dirname, '../../fixtures/evidence', name);

/** Writes bytes to a new temporary folder and returns the file's path, for an upload. */
export function writeTempFile(fileName: string, content: Buffer | string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'eia-e2e-upload-')), fileName);
  writeFileSync(file, content);
  return file;
}

/** Writes a CSV (header row first) to a temporary file and returns its path: imports need dates relative to today. */
export const writeCsv = (fileName: string, rows: string[][]): string => writeTempFile(fileName, rows.map((row) => row.join(',')).join('\n') + '\n');
