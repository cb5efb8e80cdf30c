import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../paths';
import { CriteriaError, parseCriteriaSet } from './criteria-validation';
import type { CriteriaSet } from './criteria-set';

/** A criteria file that cannot be used: the start stops with the file, the JSON path and the reason. */
export class CriteriaFileError extends Error {}

export const CRITERIA_DIR = path.join(projectRoot, 'criteria');

/** Reads and validates every criteria/*.json, in name order; the first bad file stops the start. */
export function loadCriteriaFiles(dir = CRITERIA_DIR): CriteriaSet[] {
  const sets: CriteriaSet[] = [];
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()) {
    const relative = path.relative(projectRoot, path.join(dir, name));
    try {
      const set = parseCriteriaSet(readFileSync(path.join(dir, name), 'utf8'));
      if (sets.some((other) => other.id === set.id)) throw new CriteriaError([{ path: '/id', message: `the id "${set.id}" is already used by another criteria file` }]);
      sets.push(set);
    } catch (error) {
      if (error instanceof CriteriaError) {
        throw new CriteriaFileError(`Criteria file ${relative} is not valid: ${error.problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ')}.`);
      }
      throw error;
    }
  }
  return sets;
}
