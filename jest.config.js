// One suite, two backends: database tests run on the embedded PostgreSQL (PGlite) always,
// and again on a real PostgreSQL server when TEST_DATABASE_URL is set (CI sets it).
const transform = { '^.+\\.ts$': ['@swc/jest'] };
const dbTests = ['<rootDir>/test/http/**/*.test.ts', '<rootDir>/test/db/**/*.test.ts'];

const projects = [
  { displayName: 'unit', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
  { displayName: 'embedded', testEnvironment: 'node', transform, testMatch: dbTests, globals: { TEST_BACKEND: 'embedded' } },
];
if (process.env.TEST_DATABASE_URL) {
  projects.push({ displayName: 'postgres', testEnvironment: 'node', transform, testMatch: dbTests, globals: { TEST_BACKEND: 'postgres' } });
}

module.exports = { projects, testTimeout: 30000 };
