import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { publishedSchemas } from '../../src/domain/export/published-schemas';

test.each(Object.entries(publishedSchemas()))('schemas/%s is up to date with the code (run npm run schemas) and is a valid schema', (file, schema) => {
  const committed = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'schemas', file), 'utf8'));
  expect(committed).toEqual(JSON.parse(JSON.stringify(schema)));
  const ajv = new Ajv({ strict: true, allowUnionTypes: true });
  addFormats(ajv);
  expect(() => ajv.compile(committed)).not.toThrow();
});
