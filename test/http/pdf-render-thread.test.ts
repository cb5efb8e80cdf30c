import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { PassThrough, Writable } from 'node:stream';
import { seedPortfolio } from '../../scripts/bench/seed-portfolio';
import { takeSnapshot } from '../../src/domain/snapshot/snapshot-service';
import type { PdfIdentity } from '../../src/domain/snapshot/snapshot-renderer';
import { snapshotPdfRenderer } from '../../src/pdf/snapshot-pdf';
import { renderThreadCount, snapshotPdfInThread } from '../../src/pdf/snapshot-pdf-thread';
import type { PortfolioSnapshot } from '../../src/domain/snapshot/snapshot';
import { DEFAULT_PARSE_LIMITS } from '../../src/validation/parse-limits';
import { makeUser } from '../support/factories';
import { EUROPEAN_NAMES, makeSamplePortfolio } from '../support/portfolio-factory';
import { PdfFile } from '../support/pdf-tools';
import { createTestApp, TEST_BASE_URL, type TestApp } from '../support/test-app';
import { useTestDb } from '../support/test-db';

// The application PDF is rendered in a worker thread (src/pdf/snapshot-pdf-thread.ts), wired by
// build-deps as deps.renderSnapshot: the same document as the renderer gives on this thread,
// while this thread's event loop stays free; failures in the thread come back as rejections.

jest.setTimeout(120_000);
const testDb = useTestDb();
let t: TestApp;

beforeEach(() => {
  t = createTestApp({ db: testDb.current.db, render: false });
});

const identityOf = (sha256: string, snapshot: PortfolioSnapshot): PdfIdentity => ({
  draft: true,
  verificationCode: `D-${sha256.slice(0, 8).toUpperCase()}`,
  documentDate: new Date(`${snapshot.asOf}T00:00:00Z`),
  blind: false,
});

/** Everything written to the stream, once it has finished. */
function collect(): { out: PassThrough; bytes: Promise<Buffer> } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { out, bytes: new Promise((resolve, reject) => out.once('end', () => resolve(Buffer.concat(chunks))).once('error', reject)) };
}

/** A renderer in a thread of its own (a heap limit no other renderer asks for, so it never takes the app's idle thread), ended after each render. */
const ownThreadRenderer = (heapLimitMb = 1000) =>
  snapshotPdfInThread({ evidenceStore: { kind: 'local', root: mkdtempSync(path.join(tmpdir(), 'eia-thread-')) }, parseLimits: DEFAULT_PARSE_LIMITS, baseUrl: TEST_BASE_URL, heapLimitMb, idleMs: 0 });

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 20_000; !condition(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
  }
}

test('a PDF rendered in the thread is the document the renderer makes on this thread, byte for byte, its evidence appended', async () => {
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Account' });
  await makeSamplePortfolio(t.deps, ana.id);
  const { snapshot, sha256 } = await takeSnapshot(t.deps, ana.id, { level: 'practitioner', asOf: '2026-11-30' });
  const identity = identityOf(sha256, snapshot);

  const threaded = collect();
  await t.deps.renderSnapshot(snapshot, sha256, identity, threaded.out);
  const here = collect();
  await snapshotPdfRenderer({ evidenceStore: t.deps.evidenceStore, parseLimits: t.deps.parseLimits, baseUrl: t.deps.baseUrl })(snapshot, sha256, identity, here.out);

  const bytes = await threaded.bytes;
  expect(bytes.equals(await here.bytes)).toBe(true);
  const pdf = new PdfFile(bytes);
  expect(pdf.check()).toContain('No syntax or stream encoding errors found');
  const text = pdf.text().replace(/\s+/g, ' ');
  expect(text).toContain('Application for EMCC Global Individual Accreditation (EIA): Practitioner');
  expect(text).toContain(`Applicant ${EUROPEAN_NAMES.lithuanian} EMCC membership number EMCC-4471`);
  expect(text).toContain(`Content fingerprint (SHA-256 of the portfolio snapshot this document renders): ${sha256}`);
  expect(text).toContain('C-020 22 h One-to-one, remote');
  // The certificate's pages, read from the evidence store the thread opened itself.
  expect(text).toContain('Evidence E1, page 3 of 3: three-pages.pdf Certificate of completion Advanced Coaching Supervision, module 3 Page marker P3-OF-3');
});

test('while a 2,000-row PDF renders in the thread, this thread’s event loop stays free', async () => {
  const seeded = await seedPortfolio(t.deps, { practice: 1_400, supervision: 200, cpd: 150, feedback: 100, reflections: 150 });
  const { snapshot, sha256 } = await takeSnapshot(t.deps, seeded.owner.id, {});
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const busy = performance.eventLoopUtilization();
  await t.deps.renderSnapshot(snapshot, sha256, identityOf(sha256, snapshot), sink);
  const utilisation = performance.eventLoopUtilization(busy).utilization;
  delay.disable();

  expect(bytes).toBeGreaterThan(500_000);
  // Freedom, not speed. Rendered on this thread (the renderer before the thread), the same PDF held
  // the loop all the time (utilisation 1.0), yielding every 15 ms but with waits of 200 to 700 ms;
  // in the thread, this one only pipes the bytes (utilisation about 0.01, waits under 30 ms).
  expect(utilisation).toBeLessThan(0.5);
  expect(delay.max / 1e6).toBeLessThan(250);
});

test('an error in the thread rejects the render with the same message, and leaves the output untouched', async () => {
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org' });
  const { snapshot, sha256 } = await takeSnapshot(t.deps, ana.id, {});
  const broken = { ...snapshot, records: undefined } as unknown as PortfolioSnapshot;
  const identity = identityOf(sha256, snapshot);
  const onThisThread = await snapshotPdfRenderer({ evidenceStore: t.deps.evidenceStore, parseLimits: t.deps.parseLimits, baseUrl: t.deps.baseUrl })(broken, sha256, identity, new PassThrough()).catch(
    (error: Error) => error,
  );
  expect(onThisThread).toBeInstanceOf(Error);

  const out = new PassThrough();
  const failed = await t.deps.renderSnapshot(broken, sha256, identity, out).catch((error: Error) => error);
  expect(failed).toBeInstanceOf(Error);
  expect((failed as Error).message).toBe((onThisThread as Error).message);
  expect((failed as Error).stack).toContain('build-model');
  expect(out.destroyed || out.writableEnded || out.readableLength > 0).toBe(false);
});

test('a render that needs more than the thread’s heap limit is rejected with a message saying so', async () => {
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org' });
  await makeSamplePortfolio(t.deps, ana.id, { files: false });
  const { snapshot, sha256 } = await takeSnapshot(t.deps, ana.id, {});
  await expect(ownThreadRenderer(8)(snapshot, sha256, identityOf(sha256, snapshot), new PassThrough())).rejects.toThrow('The PDF needed more memory than its render thread may use (8 MB).');
});

test('an output that fails mid-render rejects the render with its error and ends the thread', async () => {
  const seeded = await seedPortfolio(t.deps, { practice: 400, supervision: 20, cpd: 20, feedback: 20, reflections: 20 });
  const { snapshot, sha256 } = await takeSnapshot(t.deps, seeded.owner.id, {});
  const before = renderThreadCount();
  let writes = 0;
  const out = new Writable({
    write(_chunk, _encoding, done) {
      writes += 1;
      done(writes > 1 ? new Error('The client went away') : null);
    },
  });
  await expect(ownThreadRenderer()(snapshot, sha256, identityOf(sha256, snapshot), out)).rejects.toThrow('The client went away');
  // Held back by the unacknowledged chunks, an orphaned thread would wait forever: it is ended instead.
  await until(() => renderThreadCount() === before, 'the render thread to end');
});

test('an output closed before any bytes came (a client gone while the document is laid out) rejects the render and ends the thread', async () => {
  const seeded = await seedPortfolio(t.deps, { practice: 400, supervision: 20, cpd: 20, feedback: 20, reflections: 20 });
  const { snapshot, sha256 } = await takeSnapshot(t.deps, seeded.owner.id, {});
  const before = renderThreadCount();
  const out = new PassThrough();
  const rendering = ownThreadRenderer()(snapshot, sha256, identityOf(sha256, snapshot), out);
  out.destroy();
  await expect(rendering).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  await until(() => renderThreadCount() === before, 'the render thread to end');
});
