import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Run from the TypeScript sources (jest, or a test's child process), there is no .js: the worker
 * then compiles the .ts files it requires with @swc/core, the compiler jest already uses (a
 * development dependency; the built app never takes this path).
 */
const FROM_SOURCE = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const swc = require(require.resolve('@swc/core', { paths: [workerData.entry] }));
require.extensions['.ts'] = (module, filename) => {
  const options = { filename, module: { type: 'commonjs' }, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } };
  module._compile(swc.transformSync(readFileSync(filename, 'utf8'), options).code, filename);
};
require(workerData.entry);
`;

/**
 * Starts the worker thread whose module is `name` (without extension) in `dir`, the caller's
 * __dirname: the compiled `name.js` beside it once built (dist/…), else `name.ts` from source.
 */
export function startWorkerFile(dir: string, name: string, options: Omit<WorkerOptions, 'eval' | 'workerData'> = {}): Worker {
  const compiled = path.join(dir, `${name}.js`);
  if (existsSync(compiled)) return new Worker(compiled, options);
  return new Worker(FROM_SOURCE, { ...options, eval: true, workerData: { entry: path.join(dir, `${name}.ts`) } });
}
