import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The linter and the formatter that `npm test` runs (Biome, with the project's biome.jsonc), tried
// on files written for the purpose: a lint rule or a format check that never fails would pass
// `npm test` forever. The files live in a temporary folder, never in the tree that is linted.

const root = path.join(__dirname, '..', '..');
const biome = path.join(root, 'node_modules', '.bin', 'biome');
const config = path.join(root, 'biome.jsonc');
let folder: string;

function run(command: 'lint' | 'format', file: string, text: string) {
  const target = path.join(folder, 'src', 'domain', file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  const result = spawnSync(biome, [command, `--config-path=${config}`, path.relative(folder, target)], { cwd: folder, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'eia-lint-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('a debugger statement and == fail the lint, each by its rule', () => {
  const bad = run('lint', 'bad.ts', 'export function check(value: unknown) {\n  debugger;\n  return value == 1;\n}\n');
  expect(bad.status).toBe(1);
  expect(bad.output).toContain('lint/suspicious/noDebugger');
  expect(bad.output).toContain('lint/suspicious/noDoubleEquals');
});

test('code in the project style passes the lint and the format check', () => {
  const good = 'export const isOne = (value: unknown) => value === 1;\n';
  expect(run('lint', 'good.ts', good).status).toBe(0);
  expect(run('format', 'good.ts', good).status).toBe(0);
});

test('code not formatted as the project formats it fails the format check', () => {
  const unformatted = run('format', 'unformatted.ts', 'export const isOne = (value: unknown) => { return value === 1 }\n');
  expect(unformatted.status).toBe(1);
  expect(unformatted.output).toContain('Formatter would have printed the following content');
});
