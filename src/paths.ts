import path from 'node:path';

/** Folder holding src/ when running from source, or dist/ (holding src/ and migrations/) when built. */
const codeRoot = path.dirname(__dirname);

/** The project root: views/, public/, criteria/ and schemas/ are read from here in both modes. */
export const projectRoot = path.basename(codeRoot) === 'dist' ? path.dirname(codeRoot) : codeRoot;

/** Migrations run as TypeScript from source and as compiled JavaScript once built. */
export const migrationsDir = path.join(codeRoot, 'migrations');
export const migrationExtension = path.extname(__filename);
