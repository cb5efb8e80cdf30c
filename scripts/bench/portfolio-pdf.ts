import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { addEvidenceFiles } from '../../src/domain/evidence/evidence-service';
import { streamPortfolioPdf } from '../../src/domain/portfolio/portfolio-pdf-service';
import type { AppDeps } from '../../src/http/app-deps';
import { IDLE_MS, renderThreadCount } from '../../src/pdf/snapshot-pdf-thread';
import { openBenchDb } from './bench-db';
import { benchDeps } from './bench-deps';
import { chromiumPdf, launchChromium } from './chromium-pdf';
import { certificatePdf } from './evidence-pdfs';
import { settledRss, type Bench, type Measurement } from './measure';
import { portfolioModel } from './portfolio-model';
import type { PortfolioSizes } from './portfolio-data';
import { seedPortfolio } from './seed-portfolio';

/** 2,000 log rows in all, mostly client practice, as a two-to-three-year applicant has them. */
export const PDF_PORTFOLIO: PortfolioSizes = { practice: 1_400, supervision: 200, cpd: 150, feedback: 100, reflections: 150 };
const EVIDENCE_FILES = 20;
const PAGES_PER_FILE = 10;
const APPENDED_PAGES = EVIDENCE_FILES * PAGES_PER_FILE;
/** What the issue asks of the pdfkit renderer beside its time and memory target. */
const MIN_SPEED_UP = 3;

const PDFKIT_PLAN = { warmups: 2, runs: 5 };
/** Far past the target, a run is measured once: seven of them would only make the bench slow. */
const SLOW_MS = 10_000;
const SLOW_PLAN = { warmups: 0, runs: 1 };
const CHROMIUM_PLAN = { warmups: 1, runs: 3, comparison: true };

/** A sink that counts the bytes and keeps none, so the memory measured is the renderer's, not a buffer's. */
class ByteCounter extends Writable {
  bytes = 0;
  head = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.head.length < 5) this.head += chunk.subarray(0, 5 - this.head.length).toString('latin1');
    this.bytes += chunk.length;
    done();
  }
}

/**
 * The submission PDF of a portfolio of 2,000 log rows with 20 ten-page evidence PDFs, streamed
 * by the app (streamPortfolioPdf: snapshot; then, in the render thread, appendix probe, model,
 * two pdfkit passes, evidence pages copied in), against the usual alternative with the same model: one HTML page printed
 * by headless Chromium, the evidence appended with pdf-lib. Both documents are checked with
 * pdfinfo (every appended page is there).
 */
export async function runPortfolioPdf(bench: Bench, rows: number): Promise<void> {
  const total = Object.values(PDF_PORTFOLIO).reduce((sum, size) => sum + size, 0);
  if (total !== rows) throw new Error(`the PDF portfolio has ${total} log rows, the scenario says ${rows}`);
  const database = await openBenchDb();
  bench.note(database.backend);
  const { deps, dispose } = benchDeps(database.db);
  const scratch = mkdtempSync(path.join(tmpdir(), 'eia-bench-pdf-'));
  let browser: Browser | undefined;
  try {
    const ownerId = await seedPdfPortfolio(deps);

    // The check first: one document written to a file for pdfinfo (untimed by the bench; it also warms up).
    const pdfkitFile = path.join(scratch, 'pdfkit.pdf');
    // Meanwhile, how long other work (a /healthz request, another page) would wait its turn, and
    // the process's memory with the render thread's (it starts with this first PDF).
    const rssBefore = await settledRss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 20);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    const file = createWriteStream(pdfkitFile);
    await streamPortfolioPdf(deps, ownerId, {}, file);
    await finished(file);
    const firstMs = performance.now() - started;
    delay.disable();
    clearInterval(sampler);
    const waitMs = (nanoseconds: number) => Math.round(nanoseconds / 1e6);
    bench.finding(
      `while the PDF rendered (${Math.round(firstMs).toLocaleString('en-GB')} ms, in its worker thread), other work waited for the event loop at most ${waitMs(delay.max)} ms (p99 ${waitMs(delay.percentile(99))} ms, median ${waitMs(delay.percentile(50))} ms); target for /healthz: under 100 ms at p99: ${delay.percentile(99) < 100e6 ? 'ok' : 'MISSED'}.`,
    );
    const pdfkitPages = checkedPageCount(pdfkitFile, 'the pdfkit PDF');
    // The thread is kept IDLE_MS for a next render, then ends: is the process back where it was?
    const idleUntil = Date.now() + IDLE_MS + 10_000;
    while (renderThreadCount() > 0 && Date.now() < idleUntil) await new Promise((resolve) => setTimeout(resolve, 100));
    const rssAfter = await settledRss();
    bench.finding(
      `memory of the whole process, the render thread included, for that first PDF: ${megabytes(rssBefore)} before, peak +${megabytes(rssPeak - rssBefore)}, ${megabytes(rssAfter)} once the thread had ended (${IDLE_MS / 1000} s after the render${renderThreadCount() > 0 ? '; it had NOT ended' : ''}). ` +
        'The rows above start with the thread already running (it is kept between renders): their RSS + leaves out what it holds, and their heap is the main thread’s only.',
    );

    const plan = firstMs > SLOW_MS ? SLOW_PLAN : PDFKIT_PLAN;
    if (plan === SLOW_PLAN) bench.finding(`the first pdfkit document took ${Math.round(firstMs).toLocaleString('en-GB')} ms, so each path is timed once after it (no median).`);
    const pdfkit = await bench.measureRuns(
      `streamPortfolioPdf (pdfkit) into a byte counter, ${database.engine}`,
      {
        ...plan,
        parts: { 'snapshot, appendix probe and model (both paths)': () => portfolioModel(deps, ownerId) },
      },
      async () => {
        const sink = new ByteCounter();
        await streamPortfolioPdf(deps, ownerId, {}, sink);
        await finished(sink);
        return sink;
      },
    );
    if (pdfkit.head !== '%PDF-') throw new Error(`streamPortfolioPdf wrote ${pdfkit.bytes} bytes that do not start with %PDF-`);

    const read = (sha256: string) => deps.evidenceStore.read(sha256);
    const viaChromium = async (running?: Browser) => chromiumPdf((await portfolioModel(deps, ownerId)).model, read, running);
    const chromiumPlan = plan === SLOW_PLAN ? { ...SLOW_PLAN, comparison: true } : CHROMIUM_PLAN;
    const launched = await bench.measureRuns('Chromium page.pdf + pdf-lib, browser launched per document (RSS: Node only)', chromiumPlan, () => viaChromium());
    const chromiumFile = path.join(scratch, 'chromium.pdf');
    writeFileSync(chromiumFile, launched);
    const chromiumPages = checkedPageCount(chromiumFile, 'the Chromium PDF');
    const running = (browser = await launchChromium());
    await bench.measureRuns('Chromium page.pdf + pdf-lib, browser already running (RSS: Node only)', chromiumPlan, () => viaChromium(running));

    const [pdfkitRun, launchedRun, runningRun] = bench.report().measurements.slice(-3) as [Measurement, Measurement, Measurement];
    const ratio = (measurement: Measurement) => measurement.ms / pdfkitRun.ms;
    const smallest = Math.min(ratio(launchedRun), ratio(runningRun));
    bench.finding(
      `Chromium ÷ pdfkit${plan === SLOW_PLAN ? '' : ' (medians)'}: ${ratio(launchedRun).toFixed(1)}× launching the browser per document, ${ratio(runningRun).toFixed(1)}× with it already running; target ≥ ${MIN_SPEED_UP}× against either: ${smallest >= MIN_SPEED_UP ? 'ok' : 'MISSED'}.`,
    );
    bench.finding(
      `documents: pdfkit ${megabytes(pdfkit.bytes)}, ${pdfkitPages} pages; Chromium + pdf-lib ${megabytes(launched.length)}, ${chromiumPages} pages (${APPENDED_PAGES} of them evidence). The Chromium rows' RSS is the Node process only: the browser's own processes are not counted.`,
    );
  } finally {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
    dispose();
    await database.close();
  }
}

/**
 * The applicant of seedPortfolio with the PDF's log sizes, and 20 ten-page certificate PDFs
 * uploaded as evidence, each supporting one CPD record. Returns the owner's user id.
 */
async function seedPdfPortfolio(deps: AppDeps): Promise<number> {
  const seeded = await seedPortfolio(deps, PDF_PORTFOLIO);
  for (let index = 0; index < EVIDENCE_FILES; index++) {
    const bytes = await certificatePdf(index, PAGES_PER_FILE);
    const stored = await deps.evidenceStore.put(bytes, { maxBytes: deps.config.uploadMaxFileBytes });
    await addEvidenceFiles(deps, seeded.owner.id, [{ stored, originalName: `certificate-${String(index + 1).padStart(2, '0')}.pdf` }], { type: 'cpd', id: seeded.ids.cpd[index]! });
  }
  return seeded.owner.id;
}

/** pdfinfo's page count; throws unless every appended page and more are there. */
function checkedPageCount(file: string, what: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
  if (!(pages > APPENDED_PAGES)) throw new Error(`${what} has ${Number.isNaN(pages) ? 'no page count' : `${pages} pages`} by pdfinfo; it needs more than the ${APPENDED_PAGES} evidence pages`);
  return pages;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
