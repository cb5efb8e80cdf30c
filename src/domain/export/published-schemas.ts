import { readFileSync } from 'node:fs';
import path from 'node:path';
import { portfolioExportSchema } from './export-schema';
import { projectRoot } from '../../paths';

/**
 * The JSON Schemas published in schemas/ and served at /schemas/<name>, by file name. The
 * export schema is generated from the record schemas; the criteria and evaluation schemas are written by hand.
 */
export const publishedSchemas = (): Record<string, object> => ({
  'portfolio-export.schema.json': portfolioExportSchema(),
  'criteria.schema.json': handWritten('criteria.schema.json'),
  'evaluation.schema.json': handWritten('evaluation.schema.json'),
});

const handWritten = (file: string) => JSON.parse(readFileSync(path.join(projectRoot, 'schemas', file), 'utf8')) as object;
