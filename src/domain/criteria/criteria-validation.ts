import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../paths';
import { strictValidatorFor } from '../../validation/ajv';
import type { CriteriaSet } from './criteria-set';

/** A criteria document that breaks the schema or its own references: each problem with its JSON path. */
export class CriteriaError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(problems.map((problem) => `${problem.path || '/'}: ${problem.message}`).join('; '));
  }
}

let schema: object | undefined;
const criteriaSchema = () => (schema ??= JSON.parse(readFileSync(path.join(projectRoot, 'schemas', 'criteria.schema.json'), 'utf8')) as object);

/** Problems the schema cannot see: duplicate ids, and sources that are named but not listed. */
function referenceProblems(set: CriteriaSet): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const sourceIds = new Set(set.sources.map((source) => source.id));
  const declarationIds = new Set<string>();
  (set.declarations ?? []).forEach((declaration, index) => {
    if (declarationIds.has(declaration.id)) problems.push({ path: `/declarations/${index}/id`, message: `the declaration id "${declaration.id}" is used twice` });
    declarationIds.add(declaration.id);
    if (!sourceIds.has(declaration.source)) problems.push({ path: `/declarations/${index}/source`, message: `names the source "${declaration.source}", which is not in "sources"` });
  });
  const levelIds = new Set<string>();
  const requirementIds = new Set<string>();
  set.levels.forEach((level, levelIndex) => {
    if (levelIds.has(level.id)) problems.push({ path: `/levels/${levelIndex}/id`, message: `the level id "${level.id}" is used twice` });
    levelIds.add(level.id);
    level.requirements.forEach((requirement, index) => {
      const at = `/levels/${levelIndex}/requirements/${index}`;
      if (requirementIds.has(requirement.id)) problems.push({ path: `${at}/id`, message: `the requirement id "${requirement.id}" is used twice` });
      requirementIds.add(requirement.id);
      if (!sourceIds.has(requirement.source)) problems.push({ path: `${at}/source`, message: `names the source "${requirement.source}", which is not in "sources"` });
    });
  });
  return problems;
}

/** Checks a parsed criteria document against schemas/criteria.schema.json and its references. */
export function validateCriteriaSet(document: unknown): CriteriaSet {
  const validate = strictValidatorFor<CriteriaSet>(criteriaSchema());
  if (!validate(document)) {
    // if/then adds a summary error ('must match "then" schema') beside the precise one: keep the precise ones.
    const precise = (validate.errors ?? []).filter((error) => error.keyword !== 'if');
    throw new CriteriaError(
      precise.map((error) => ({
        path: error.instancePath,
        message: `${error.message ?? 'is not valid'}${error.params && 'allowedValues' in error.params ? ` (${(error.params.allowedValues as string[]).join(', ')})` : ''}${error.keyword === 'additionalProperties' ? ` ("${(error.params as { additionalProperty: string }).additionalProperty}")` : ''}`,
      })),
    );
  }
  const problems = referenceProblems(document);
  if (problems.length) throw new CriteriaError(problems);
  return document;
}

/** Parses JSON text as a criteria set; a syntax error is reported like any other problem. */
export function parseCriteriaSet(text: string): CriteriaSet {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CriteriaError([{ path: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return validateCriteriaSet(document);
}
