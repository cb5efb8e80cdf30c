import http from 'node:http';
import { PASSWORD, type LoadUser } from './seed';

export interface RunResult {
  requests: number;
  seconds: number;
  latenciesMs: number[];
  errors: { count: number; examples: string[] };
  /** PDFs asked for, rendered and downloaded. */
  pdfs: number;
}

/** Keep-alive connections, as many as the simulated users (each waits for its answer before the next request). */
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

interface Answer {
  status: number;
  body: string;
  cookies: string[];
}

/** One request; the whole answer is read (and dropped by the caller). */
export function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cookies: response.headers['set-cookie'] ?? [] }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookieOf = (answer: Answer) => answer.cookies.map((cookie) => cookie.split(';')[0]).join('; ');

/** Signs a user in through the login form, as a browser does; returns the session cookie. */
export async function signIn(origin: string, user: LoadUser): Promise<string> {
  const page = await send(`${origin}/login`);
  const cookie = cookieOf(page);
  const body = new URLSearchParams({ _csrf: csrfIn(page.body), email: user.email, password: PASSWORD }).toString();
  const answer = await send(`${origin}/login`, { method: 'POST', body, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  if (answer.status !== 303) throw new Error(`Signing ${user.email} in answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  return cookieOf(answer) || cookie;
}

export interface Step {
  method: 'GET' | 'POST';
  path: string;
  /** JSON for the API; the token then authenticates. */
  json?: () => unknown;
  api?: boolean;
  /** A PDF asked for in the background: follow the render it queued until ready, then download it. */
  followRender?: boolean;
}

const RENDER_POLL_MS = 500;

/**
 * What one person does, over and over: the dashboard, the logs, a new session logged through
 * the API, the evaluation, and now and then the application PDF (every `pdfEvery`-th round).
 */
export function mixedRound(round: number, pdfEvery: number): Step[] {
  const steps: Step[] = [
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/practice' },
    { method: 'POST', path: '/api/v1/practice', api: true, json: () => ({ clientCode: `L-${round % 12}`, date: '2026-11-20', hours: 1, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' }) },
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/supervision' },
    { method: 'GET', path: '/api/v1/evaluation', api: true },
  ];
  if (round % pdfEvery === pdfEvery - 1) steps.push({ method: 'POST', path: '/api/v1/portfolio/pdf-renders', api: true, json: () => ({}), followRender: true });
  return steps;
}

/**
 * Each simulated user runs its rounds back to back, one request at a time, until the time is
 * up; every request's latency is kept (for exact percentiles), every answer that is not a
 * success is an error.
 */
export async function runUsers(origin: string, users: { cookie: string; token: string }[], seconds: number, round: (index: number) => Step[]): Promise<RunResult> {
  const latenciesMs: number[] = [];
  const errors = { count: 0, examples: [] as string[] };
  let pdfs = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    users.map(async (user) => {
      for (let index = 0; performance.now() < deadline; index++) {
        for (const step of round(index)) {
          if (performance.now() >= deadline) break;
          const headers: Record<string, string> = step.api ? { authorization: `Bearer ${user.token}` } : { cookie: user.cookie };
          if (step.json) headers['content-type'] = 'application/json';
          const failed = (what: string) => {
            errors.count++;
            if (errors.examples.length < 5) errors.examples.push(`${step.method} ${step.path}: ${what}`);
          };
          const timed = async (url: string, options: Parameters<typeof send>[1]) => {
            const sent = performance.now();
            const answer = await send(url, options);
            latenciesMs.push(performance.now() - sent);
            return answer;
          };
          try {
            const answer = await timed(origin + step.path, { method: step.method, headers, ...(step.json ? { body: JSON.stringify(step.json()) } : {}) });
            // a redirect here means a lost session: not what the person asked for
            if (answer.status >= 300) failed(String(answer.status));
            else if (step.followRender && (await followRender(origin, JSON.parse(answer.body) as RenderAnswer, { authorization: headers.authorization! }, timed, failed))) pdfs++;
          } catch (error) {
            failed((error as Error).message);
          }
        }
      }
    }),
  );
  return { requests: latenciesMs.length, seconds: (performance.now() - started) / 1000, latenciesMs, errors, pdfs };
}

interface RenderAnswer {
  id: number;
  status: string;
  pdf: string | null;
  error: string | null;
}

/** As a client of the API does: polls the render every half second until it is ready, then downloads the PDF (true when it did). */
async function followRender(
  origin: string,
  queued: RenderAnswer,
  headers: Record<string, string>,
  timed: (url: string, options: Parameters<typeof send>[1]) => ReturnType<typeof send>,
  failed: (what: string) => void,
): Promise<boolean> {
  let render = queued;
  while (render.status === 'queued' || render.status === 'rendering') {
    await new Promise((resolve) => setTimeout(resolve, RENDER_POLL_MS));
    render = JSON.parse((await timed(`${origin}/api/v1/pdf-renders/${queued.id}`, { headers })).body) as RenderAnswer;
  }
  if (render.status !== 'ready' || !render.pdf) {
    failed(`render ${render.status}: ${render.error}`);
    return false;
  }
  const pdf = await timed(origin + render.pdf, { headers });
  if (pdf.status !== 200) failed(`PDF download ${pdf.status}`);
  return pdf.status === 200;
}

/** The p-th percentile (nearest rank) of latencies in ms. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
