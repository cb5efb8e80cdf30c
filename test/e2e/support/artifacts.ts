import path from 'node:path';

/** Where the browser tests leave screenshots and reports (git-ignored). */
export const artifactsDir = path.resolve(__dirname, '../../../test-artifacts');
