// A browser journey step (several page loads, axe, screenshots) takes far longer than an HTTP
// test; the longer timeout applies to the e2e project only (set in jest.config.js).
jest.setTimeout(120_000);
