import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knex from 'knex';
import request from 'supertest';
import { bootstrap } from '../../src/bootstrap';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { createRecord } from '../../src/domain/records/record-service';
import { requestConfirmation } from '../../src/domain/signoff/signoff-service';
import { answerRequest } from '../../src/domain/signoff/supervisor-answers';
import { makeUser, signInAs } from '../support/factories';
import { csrfTokenIn } from '../support/forms';
import { lastMailTo, linkIn } from '../support/outbox';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { startS3Server } from '../support/s3-server';
import { ServerProcess } from '../support/server-process';
import { useSmtpServer } from '../support/smtp';
import { sendAnswers, signedBy } from '../support/supervisor-form';
import { createScratchDatabase, testBackend } from '../support/test-db';
import { binaryBody } from '../support/binary-body';

/*
 * Issue 16's "several processes, tested": two app processes, each with its own DATA_DIR (nothing
 * shared on disk), on one PostgreSQL and one S3-compatible bucket, as behind a load balancer.
 * What a user does through one works through the other, and the scheduled jobs and the mail that
 * both processes run go out once. The embedded database admits one process: there, the cluster
 * refuses to start and says why.
 */

jest.setTimeout(240_000);
const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');
const fixture = (...parts: string[]) => path.join(__dirname, '..', 'fixtures', ...parts);

if (testBackend() === 'embedded') {
  test('npm run start:cluster refuses the embedded database, and says what to do', async () => {
    const refused = await run(process.execPath, ['-r', path.join(root, 'test', 'support', 'ts-register.js'), path.join(root, 'src', 'cluster.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'eia-cluster-')) },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1, stderr: 'npm run start:cluster needs DATABASE_URL: the embedded database admits one process (use npm start).\n' });
  });
} else {
  describe('two app processes on one PostgreSQL and one bucket', () => {
    const smtp = useSmtpServer();
    let database: Awaited<ReturnType<typeof createScratchDatabase>>;
    let s3: Awaited<ReturnType<typeof startS3Server>>;
    let shared: NodeJS.ProcessEnv;
    let one: ServerProcess;
    let two: ServerProcess;
    const ids = { token: '', supervision: 0 };
    let db: ReturnType<typeof knex>;

    beforeAll(async () => {
      s3 = await startS3Server();
      database = await createScratchDatabase('eia_scale');
      // A submission's PDF is rendered as a job by either process; the request waits for it as long as a loaded machine may need.
      shared = {
        DATABASE_URL: database.url,
        SESSION_SECRET: 'scale-out-secret-scale-out-secret-42',
        BASE_URL: 'http://eia.test',
        PDF_WAIT_SECONDS: '60',
        ...s3.env,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      };

      // Before any process starts: the people, Ana's portfolio, and three requests to Sam that
      // the scheduled jobs will find (one to remind, one expired, one answered yesterday).
      const deps = await bootstrap({ ...shared, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'eia-scale-seed-')), LOG_LEVEL: 'silent' });
      try {
        const ana = await makeUser(deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Applicant' });
        await makeUser(deps, ['supervisor'], { email: 'sam@example.org', name: 'Sam Supervisor' });
        await makeSamplePortfolio(deps, ana.id);
        const record = (date: string) => createRecord(deps, ana.id, 'supervision', { date, hours: 1, supervisorName: 'Sam Supervisor', supervisorEmail: 'sam@example.org', format: 'individual', themes: 'Contracting' });
        const remind = await requestConfirmation(deps, ana.id, [(await record('2026-05-04')).id]);
        const expire = await requestConfirmation(deps, ana.id, [(await record('2026-05-11')).id]);
        const answered = await record('2026-05-18');
        await requestConfirmation(deps, ana.id, [answered.id]);
        const token = linkIn((await lastMailTo(deps.db, 'sam@example.org'))!.text)
          .split('/')
          .pop()!;
        await answerRequest(deps, { token }, { fullName: 'Sam Supervisor', declaration: true, rows: [{ recordId: answered.id, action: 'confirm' }] }, { ip: '127.0.0.1', userAgent: 'jest' });
        await deps
          .db('signoff_requests')
          .where('id', remind.id)
          .update({ expires_at: deps.db.raw("now() + interval '3 days'") });
        await deps
          .db('signoff_requests')
          .where('id', expire.id)
          .update({ expires_at: deps.db.raw("now() - interval '1 hour'") });
        await deps.db('signoffs').update({ signed_at: deps.db.raw("date_trunc('day', now()) - interval '12 hours'") });
        ids.supervision = (await record('2026-06-01')).id;
        ids.token = (await createApiToken(deps, ana.id, 'scale-out test')).token;
        await deps.db('outbox').delete(); // only what the two processes send is counted
      } finally {
        await deps.close();
      }

      const own = () => ({ ...shared, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'eia-scale-')), SMTP_URL: smtp.url });
      // One after the other: the second finds the schema up to date. Both run the scheduled jobs at start.
      one = await ServerProcess.start(own());
      two = await ServerProcess.start(own());
      db = knex({ client: 'pg', connection: shared.DATABASE_URL });
    });

    afterAll(async () => {
      await Promise.all([one?.stop(), two?.stop()]);
      await db?.destroy();
      await s3?.close();
      await database?.drop();
    });

    /** A browser signed in through one process; its cookie, for the other. */
    async function signedInThrough(server: ServerProcess) {
      const agent = request.agent(server.baseUrl);
      const response = await signInAs(agent, { email: 'ana@example.org' });
      const cookie = ([] as string[])
        .concat(response.headers['set-cookie'] ?? [])
        .map((each) => each.split(';')[0])
        .join('; ');
      return { agent, cookie };
    }
    const api = (server: ServerProcess) => ({
      get: (url: string) => request(server.baseUrl).get(url).set('Authorization', `Bearer ${ids.token}`),
      post: (url: string) => request(server.baseUrl).post(url).set('Authorization', `Bearer ${ids.token}`),
    });

    test('a session, an upload, an import, a supervisor’s answer and a submission made through one process work through the other', async () => {
      // The session: signed in through one, recognised by the other.
      const { agent: viaOne, cookie } = await signedInThrough(one);
      const dashboard = await request(two.baseUrl).get('/').set('Cookie', cookie);
      expect(dashboard.status).toBe(200);
      expect(dashboard.text).toContain('Sign out');
      // The same browser's next requests, sent to the other process.
      const viaTwo = { get: (url: string) => request(two.baseUrl).get(url).set('Cookie', cookie), post: (url: string) => request(two.baseUrl).post(url).set('Cookie', cookie) };

      // An upload through one, downloaded through the other (the file is in the bucket).
      const filesPage = await viaOne.get('/files');
      expect((await viaOne.post(`/files?_csrf=${encodeURIComponent(csrfTokenIn(filesPage.text))}`).attach('files', fixture('evidence', 'certificate.pdf'))).status).toBe(303);
      const file = await db('evidence_files').where('name', 'certificate.pdf').first();
      const download = await viaTwo.get(`/files/${file.id}/download`).buffer(true).parse(binaryBody);
      expect(download.status).toBe(200);
      expect((download.body as Buffer).equals(readFileSync(fixture('evidence', 'certificate.pdf')))).toBe(true);

      // An import previewed through one and committed through the other.
      const practiceBefore = Number((await db('practice_entries').count({ n: '*' }).first())!.n);
      const importPage = await viaOne.get('/import');
      const uploaded = await viaOne
        .post(`/import?_csrf=${encodeURIComponent(csrfTokenIn(importPage.text))}`)
        .field('kind', 'practice')
        .field('clientCodeRule', 'initials')
        .attach('file', fixture('import', 'practice-template.csv'));
      expect(uploaded.status).toBe(303);
      const preview = await viaTwo.get(uploaded.headers.location!);
      expect(preview.status).toBe(200);
      const committed = await viaTwo
        .post(`${uploaded.headers.location!}/commit`)
        .type('form')
        .send({ _csrf: csrfTokenIn(preview.text) });
      expect(committed.status).toBe(303);
      expect(Number((await db('practice_entries').count({ n: '*' }).first())!.n)).toBeGreaterThan(practiceBefore);

      // A confirmation asked through one, answered by the supervisor through the other.
      expect(
        (
          await api(one)
            .post('/api/v1/signoff-requests')
            .send({ recordIds: [ids.supervision] })
        ).status,
      ).toBe(201);
      const link = linkIn((await db('outbox').where('to_address', 'sam@example.org').orderBy('id', 'desc').first()).body_text);
      const answered = await sendAnswers(request.agent(two.baseUrl), link, signedBy('Sam Supervisor'));
      expect(answered.status).toBe(303);
      const requests = await api(one).get('/api/v1/signoff-requests');
      expect(requests.body.items.find((each: { recordIds: number[] }) => each.recordIds.includes(ids.supervision))).toMatchObject({ state: 'completed' });

      // A submission through the other; its PDF downloaded through the first is the same file.
      const declarations = Object.fromEntries((JSON.parse(readFileSync(path.join(root, 'criteria', 'emcc-eia.json'), 'utf8')) as { declarations: { id: string }[] }).declarations.map((each) => [each.id, true]));
      const submitted = await api(two).post('/api/v1/submissions').send({ level: 'foundation', declarations });
      expect(submitted.status).toBe(201);
      const pdfOne = await api(one).get(`/api/v1/submissions/${submitted.body.id}/pdf`).buffer(true);
      const pdfTwo = await api(two).get(`/api/v1/submissions/${submitted.body.id}/pdf`).buffer(true);
      expect(pdfOne.status).toBe(200);
      expect((pdfOne.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect((pdfOne.body as Buffer).equals(pdfTwo.body as Buffer)).toBe(true);
    });

    test('the reminder, the expiry note, the digest and every other email go out once, though both processes run the jobs', async () => {
      // Both processes deliver the outbox (at start and every 15 s); wait until nothing is left.
      for (let waited = 0; ; waited += 500) {
        const pending = await db('outbox').whereNot('status', 'sent').count({ n: '*' }).first();
        if (Number(pending!.n) === 0) break;
        if (waited > 90_000) throw new Error(`${pending!.n} emails still not sent after 90 s`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      // Each email is one outbox row (enqueued by the one process that claimed the job) and one
      // delivery (by the one process that claimed the row). Subjects are read from the rows: on
      // the wire a name with accents is encoded.
      const sent: { subject: string }[] = await db('outbox').select('subject');
      expect(smtp.received).toHaveLength(sent.length);
      const count = (pattern: RegExp) => sent.filter(({ subject }) => pattern.test(subject)).length;
      expect(count(/^Reminder: confirm supervision/)).toBe(1);
      expect(count(/has expired$/)).toBe(1);
      expect(count(/^Your supervision confirmations on EIA Portfolio yesterday$/)).toBe(1);
    });
  });
}
