// One suite, two backends: database tests run on the embedded PostgreSQL (PGlite) always,
// and again on a real PostgreSQL server when TEST_DATABASE_URL is set (CI sets it).
// The browser journeys (e2e) run once, on the embedded database: they test pages, not SQL.
const transform = { '^.+\\.ts$': ['@swc/jest'] };
const dbTests = ['<rootDir>/test/http/**/*.test.ts', '<rootDir>/test/db/**/*.test.ts'];

const projects = [
  { displayName: 'unit', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
  { displayName: 'embedded', testEnvironment: 'node', transform, testMatch: dbTests, globals: { TEST_BACKEND: 'embedded' } },
  // Browser journeys: once, on the embedded database; their setup file gives them a longer timeout.
  { displayName: 'e2e', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], globals: { TEST_BACKEND: 'embedded' }, setupFilesAfterEnv: ['<rootDir>/test/e2e/support/jest-setup.ts'] },
];
if (process.env.TEST_DATABASE_URL) {
  // server-start opens its own embedded database whatever the backend: once, in 'embedded', is enough.
  projects.push({ displayName: 'postgres', testEnvironment: 'node', transform, testMatch: dbTests, testPathIgnorePatterns: ['/test/db/server-start\\.test\\.ts$'], globals: { TEST_BACKEND: 'postgres' } });
}

module.exports = { projects, testTimeout: 30000 };
