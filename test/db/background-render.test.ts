import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knex from 'knex';
import request from 'supertest';
import { bootstrap } from '../../src/bootstrap';
import { seedPortfolio } from '../../scripts/bench/seed-portfolio';
import { makeUser, signInAs } from '../support/factories';
import { submitForm } from '../support/forms';
import { binaryBody } from '../support/binary-body';
import { PdfFile } from '../support/pdf-tools';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { startS3Server } from '../support/s3-server';
import { onLogLines, ServerProcess, type LogLine } from '../support/server-process';
import { createScratchDatabase, testBackend } from '../support/test-db';

/*
 * Issue 16 item 3, on real processes: PDFs rendered by `npm run worker` beside a web process
 * started with PDF_RENDERING=workers, on one PostgreSQL and one S3-compatible bucket (each process
 * with its own DATA_DIR). A 2,000-row portfolio's PDF is made in the worker while the web
 * process's memory stays flat; a worker killed mid-render leaves nothing lost; a submission is
 * made by the worker; an appended file missing from the bucket is noted in the PDF (the probe
 * finds it missing before anything is written), not a failure; a render that cannot be made is
 * tried again, then reported; and
 * `npm run start:cluster` gives the PDFs to its render process. The embedded database has no
 * shared queue: there, the worker refuses to start and says why.
 */

jest.setTimeout(120_000);
const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');
const register = path.join(root, 'test', 'support', 'ts-register.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (testBackend() === 'embedded') {
  test('npm run worker refuses the embedded database, and says what to do', async () => {
    const refused = await run(process.execPath, ['-r', register, path.join(root, 'src', 'worker.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'eia-worker-')) },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1, stderr: 'npm run worker needs DATABASE_URL: on the embedded database the app renders its own PDFs (use npm start).\n' });
  });
} else {
  describe('PDFs rendered by npm run worker for a web process, on one PostgreSQL and one bucket', () => {
    let database: Awaited<ReturnType<typeof createScratchDatabase>>;
    /** The client code of the 2,000-row portfolio's latest session (the client log's last row): no other entry has it. */
    const LAST_CODE = 'Z-2000';
    let s3: Awaited<ReturnType<typeof startS3Server>>;
    let shared: NodeJS.ProcessEnv;
    let deps: Awaited<ReturnType<typeof bootstrap>>;
    let db: ReturnType<typeof knex>;
    let web: ServerProcess;
    let worker: ServerProcess;
    const people = { large: { email: '', password: '' }, small: { email: 'bea@example.org' } };
    const own = (extra: NodeJS.ProcessEnv = {}) => ({ ...shared, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'eia-renders-')), ...extra });

    beforeAll(async () => {
      s3 = await startS3Server();
      database = await createScratchDatabase('eia_renders');
      shared = {
        DATABASE_URL: database.url,
        SESSION_SECRET: 'renders-scale-secret-renders-scale-42',
        BASE_URL: 'http://eia.test',
        ...s3.env,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        // Every request answers at once with the "being prepared" page; two attempts at most.
        PDF_WAIT_SECONDS: '0',
        PDF_RENDER_ATTEMPTS: '2',
      };

      // Before any process starts: an applicant with 2,000 client sessions (and some supervision,
      // CPD, feedback and reflections), inserted in bulk as the benchmark does; and one with the
      // small sample portfolio and its evidence files, for the submission and the failures.
      deps = await bootstrap({ ...shared, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'eia-renders-seed-')), LOG_LEVEL: 'silent' });
      const seeded = await seedPortfolio(deps, { practice: 2_000, supervision: 60, cpd: 20, feedback: 20, reflections: 20 });
      await deps.repos.user.setVerifiedEmail(deps.db, seeded.owner.id, seeded.owner.email, deps.clock.now());
      people.large = { email: seeded.owner.email, password: seeded.owner.password };
      const last = await deps
        .db('practice_entries')
        .where('portfolio_id', seeded.portfolioId)
        .orderBy([
          { column: 'date', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .first('id');
      await deps.db('practice_entries').where('id', last.id).update({ client_code: LAST_CODE });
      const bea = await makeUser(deps, ['applicant'], { email: people.small.email, name: 'Bea Applicant' });
      await makeSamplePortfolio(deps, bea.id);

      db = knex({ client: 'pg', connection: shared.DATABASE_URL });
      [web, worker] = await Promise.all([ServerProcess.start(own({ PDF_RENDERING: 'workers' })), ServerProcess.startWorker(own())]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([web?.stop(), worker?.stop()]);
      await deps?.close();
      await db?.destroy();
      await s3?.close();
      await database?.drop();
    });

    async function signedIn(server: { baseUrl: string }, who: { email: string; password?: string }) {
      const agent = request.agent(server.baseUrl);
      await signInAs(agent, who, ...(who.password ? [who.password] : []));
      return agent;
    }

    /** Asks for the draft PDF with the form's defaults; returns the render's id (PDF_WAIT_SECONDS=0: never the PDF at once). */
    async function askForPdf(agent: ReturnType<typeof request.agent>): Promise<number> {
      const asked = await submitForm(agent, '/portfolio/pdf', {});
      expect(asked.status).toBe(303);
      const id = /^\/renders\/(\d+)$/.exec(asked.headers.location ?? '')?.[1];
      if (!id) throw new Error(`Asking for the PDF went to ${asked.headers.location}`);
      return Number(id);
    }

    /** Reads the "being prepared" page, as its script does, until the render is ready or failed. */
    async function untilFinished(agent: ReturnType<typeof request.agent>, id: number, timeoutMs = 60_000): Promise<{ status: string; html: string }> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const page = await agent.get(`/renders/${id}`);
        expect(page.status).toBe(200);
        const status = /data-status="(\w+)"/.exec(page.text)?.[1] ?? '';
        if (status === 'ready' || status === 'failed') return { status, html: page.text };
        if (Date.now() > deadline) throw new Error(`Render ${id} still ${status} after ${timeoutMs} ms`);
        await sleep(100);
      }
    }

    const renderRow = (id: number) => db('pdf_renders').where({ id }).first('status', 'attempts', 'error', 'purpose', 'submission_id');
    const loggedFor = (server: ServerProcess, msg: string, id: number) => server.log.filter((line) => line.msg === msg && line.render === id);

    test('a 2,000-row portfolio’s PDF is rendered in the worker: the web process’s memory stays flat', async () => {
      const agent = await signedIn(web, people.large);
      expect((await agent.get('/portfolio/pdf')).status).toBe(200); // the page's own first use, before measuring

      const memory = sampleRss({ web: web.pid, worker: worker.pid });
      const asked = Date.now();
      const id = await askForPdf(agent);
      expect((await untilFinished(agent, id)).status).toBe('ready');
      const readyAfterMs = Date.now() - asked;
      const download = await agent.get(`/renders/${id}/pdf`).buffer(true).parse(binaryBody);
      const rss = memory.stop();

      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      const pdf = new PdfFile(download.body as Buffer);
      const pages = pdf.pageCount;
      // 94 pages today: the client log has a row per session, then come the other logs.
      expect(pages).toBeGreaterThanOrEqual(75);
      expect(pages).toBeLessThanOrEqual(125);
      const text = pdf.text();
      expect(text).toMatch(/Records\W+2000\W/);
      expect(text).toContain(LAST_CODE);

      // The worker made it; the web process only queued it, showed its status and streamed the bytes.
      const [started] = loggedFor(worker, 'PDF rendering started', id);
      const [rendered] = loggedFor(worker, 'PDF rendered', id);
      expect(started && rendered).toBeTruthy();
      expect(web.log.some((line) => line.msg === 'PDF rendered')).toBe(false);
      const growth = (which: 'web' | 'worker') => rss.peak[which] - rss.before[which];
      expect(growth('web')).toBeLessThan(40 * 1024);
      expect(growth('worker')).toBeGreaterThan(growth('web'));

      const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
      console.log(
        [
          `2,000-row draft: ${pages} pages, ${(download.body as Buffer).length.toLocaleString('en-GB')} bytes`,
          `rendered in the worker in ${Number(rendered!.time) - Number(started!.time)} ms (its log lines 'PDF rendering started' → 'PDF rendered'); ready at the web process after ${readyAfterMs} ms`,
          `web RSS before ${mb(rss.before.web)}, peak ${mb(rss.peak.web)}, after ${mb(rss.after.web)} (growth ${mb(growth('web'))})`,
          `worker RSS before ${mb(rss.before.worker)}, peak ${mb(rss.peak.worker)}, after ${mb(rss.after.worker)} (growth ${mb(growth('worker'))})`,
          `(${rss.samples} samples of /proc/<pid>/status VmRSS, every 50 ms, from the request to the end of the download)`,
        ].join('\n'),
      );
    });

    test('a worker killed mid-render: the next worker queues the render again at its start, and it ends ready', async () => {
      const agent = await signedIn(web, people.large);
      const rendering = worker.logged((line) => line.msg === 'PDF rendering started');
      const id = await askForPdf(agent);
      expect((await rendering).render).toBe(id);
      await worker.kill();
      const killedAt = Date.now();
      expect(await renderRow(id)).toMatchObject({ status: 'rendering', attempts: 1 });

      // Abandoned is "rendering" for longer than PDF_RENDER_TIMEOUT_SECONDS (1 s here, 10 minutes by default).
      await sleep(Math.max(0, 1_100 - (Date.now() - killedAt)));
      worker = await ServerProcess.startWorker(own({ PDF_RENDER_TIMEOUT_SECONDS: '1' }));
      expect(worker.log.find((line) => line.msg === 'PDFs left unfinished by a stopped process were queued again')).toMatchObject({ renders: [id] });

      expect((await untilFinished(agent, id)).status).toBe('ready');
      expect(await renderRow(id)).toMatchObject({ status: 'ready', attempts: 2, error: null });
      expect(loggedFor(worker, 'PDF rendered', id)).toHaveLength(1);
      const download = await agent.get(`/renders/${id}/pdf`).buffer(true).parse(binaryBody);
      expect(download.status).toBe(200);
      expect(new PdfFile(download.body as Buffer).text()).toContain(LAST_CODE);
    });

    test('a submission asked through the web process is made by the worker, and its page works on the web process', async () => {
      const agent = await signedIn(web, people.small);
      const declarations = (JSON.parse(readFileSync(path.join(root, 'criteria', 'emcc-eia.json'), 'utf8')) as { declarations: { id: string }[] }).declarations.map((each) => each.id);
      const asked = await submitForm(agent, '/submit', { level: 'foundation', declarations, blindAppendices: 'include' });
      expect(asked.status).toBe(303);
      const id = Number(/^\/renders\/(\d+)$/.exec(asked.headers.location ?? '')?.[1]);

      const finished = await untilFinished(agent, id);
      expect(finished.status).toBe('ready');
      const submissionId = Number(/href="\/submissions\/(\d+)"/.exec(finished.html)?.[1]);
      expect(await renderRow(id)).toMatchObject({ purpose: 'submission', status: 'ready', submission_id: submissionId });
      expect(loggedFor(worker, 'PDF rendered', id)).toEqual([expect.objectContaining({ purpose: 'submission', bytes: expect.any(Number) })]);

      const page = await agent.get(`/submissions/${submissionId}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Foundation application, version 1');
      const pdf = await agent.get(`/submissions/${submissionId}/pdf`).buffer(true).parse(binaryBody);
      expect(pdf.status).toBe(200);
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    });

    test('an appended file missing from the bucket does not fail the render: the PDF says it could not be appended', async () => {
      const file = await db('evidence_files').where('name', 'three-pages.pdf').first('sha256');
      await deps.evidenceStore.remove(file.sha256);
      const agent = await signedIn(web, people.small);
      const id = await askForPdf(agent);
      expect((await untilFinished(agent, id)).status).toBe('ready');
      expect(await renderRow(id)).toMatchObject({ attempts: 1, error: null });
      const download = await agent.get(`/renders/${id}/pdf`).buffer(true).parse(binaryBody);
      expect(new PdfFile(download.body as Buffer).text().replace(/\s+/g, ' ')).toContain('Could not be appended: the file is missing from the evidence store');
    });

    test('a render that fails is tried again after graphile-worker’s pause, then reported failed with its reason', async () => {
      // A worker whose bucket does not exist: it reads no evidence and cannot store the PDF it makes.
      await worker.stop();
      worker = await ServerProcess.startWorker(own({ S3_BUCKET: 'eia-no-such-bucket' }));
      const agent = await signedIn(web, people.small);
      const id = await askForPdf(agent);

      const finished = await untilFinished(agent, id);
      expect(finished.status).toBe('failed');
      const reason = `The PDF could not be made after 2 attempts because of a fault on our side (logged as render ${id}). Ask for it again; if it fails again, tell your administrator.`;
      expect(await renderRow(id)).toMatchObject({ status: 'failed', attempts: 2, error: reason });
      expect(finished.html).toContain(reason);
      const [first] = loggedFor(worker, 'PDF failed; it will be tried again', id);
      const [last] = loggedFor(worker, 'PDF failed for good', id);
      expect(first).toMatchObject({ attempt: 1, final: false });
      expect(last).toMatchObject({ attempt: 2, final: true });
      // graphile-worker's pause before attempt n+1 is e^n seconds: 2.7 s after the first.
      expect(Number(last!.time) - Number(first!.time)).toBeGreaterThanOrEqual(2_500);
      await worker.stop();
    });

    test('npm run start:cluster (2 web processes, 1 render process by default): a PDF asked through the cluster is rendered by the render process', async () => {
      const cluster = await startCluster(own({ CLUSTER_WORKERS: '2' }));
      try {
        const agent = await signedIn(cluster, people.small);
        const id = await askForPdf(agent);
        expect((await untilFinished(agent, id)).status).toBe('ready');
        const rendered = cluster.log.find((line) => line.msg === 'PDF rendered' && line.render === id);
        expect(rendered?.pid).toBe(cluster.renderer);
        expect(cluster.web).not.toContain(cluster.renderer);
      } finally {
        await cluster.stop();
      }
    });
  });
}

/**
 * `npm run start:cluster` (its entry, run as the tests run the server): resolves once its web
 * processes serve and its render process takes jobs, with their pids and every log line.
 */
async function startCluster(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['-r', register, path.join(root, 'src', 'cluster.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const workers = Number(env.CLUSTER_WORKERS);
  const log: LogLine[] = [];
  const errors: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ port: number; web: number[]; renderer: number }>((resolve, reject) => {
    const web: number[] = [];
    let renderer = 0;
    let port = 0;
    void exited.then(() => reject(new Error(`start:cluster stopped: ${errors.join('')}`)));
    onLogLines(child, (line) => {
      log.push(line);
      if (line.msg.startsWith('EIA Portfolio is running at ')) {
        web.push(Number(line.pid));
        port = Number(line.port);
      }
      if (line.msg === 'EIA Portfolio render worker is running') renderer = Number(line.pid);
      if (web.length === workers && renderer) resolve({ port, web, renderer });
    });
  });
  const { port, web, renderer } = await ready;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    web,
    renderer,
    log,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The resident memory of these processes (kB, from /proc), sampled every 50 ms until stop(). */
function sampleRss<K extends string>(pids: Record<K, number>) {
  const names = Object.keys(pids) as K[];
  const read = () => Object.fromEntries(names.map((name) => [name, Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pids[name]}/status`, 'utf8'))?.[1])])) as Record<K, number>;
  const before = read();
  const peak = { ...before };
  let samples = 1;
  const take = () => {
    const now = read();
    samples++;
    for (const name of names) peak[name] = Math.max(peak[name], now[name]);
    return now;
  };
  const timer = setInterval(take, 50);
  return {
    stop() {
      clearInterval(timer);
      const after = take();
      return { before, peak, after, samples };
    },
  };
}
