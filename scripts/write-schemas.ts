/**
 * Writes the published JSON Schemas into schemas/ from the code that validates with them
 * (npm run schemas). A test fails when a committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/paths';
import { publishedSchemas } from '../src/domain/export/published-schemas';

for (const [file, schema] of Object.entries(publishedSchemas())) {
  const target = path.join(projectRoot, 'schemas', file);
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${path.relative(projectRoot, target)}`);
}
