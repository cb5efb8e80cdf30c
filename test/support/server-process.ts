import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.join(__dirname, '..', '..');

export interface LogLine {
  msg: string;
  [key: string]: unknown;
}

/** The entries a test can start: `npm start`'s server, or `npm run worker`'s render worker. */
const ENTRIES = {
  server: { file: 'server.ts', ready: 'EIA Portfolio is running at ' },
  worker: { file: 'worker.ts', ready: 'EIA Portfolio render worker is running' },
} as const;

/**
 * The real server (`src/server.ts`) or render worker (`src/worker.ts`) in a child process, as
 * `npm start` and `npm run worker` run them, so a test can kill it and read its log and memory.
 */
export class ServerProcess {
  /** Where the server answers (a render worker serves nothing: empty). */
  readonly baseUrl: string;
  private readonly waiters: { test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    port: number | undefined,
    waiters: ServerProcess['waiters'],
    exited: Promise<void>,
    /** Every log line so far (what a failing test may want to show). */
    readonly log: LogLine[],
  ) {
    this.baseUrl = port === undefined ? '' : `http://127.0.0.1:${port}`;
    this.waiters = waiters;
    this.exited = exited;
  }

  /** Starts the server with these settings (LOG_LEVEL debug, a free port) and resolves once it serves. */
  static start(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
    return ServerProcess.launch('server', env);
  }

  /** Starts `npm run worker`'s render worker with these settings and resolves once it takes jobs. */
  static startWorker(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
    return ServerProcess.launch('worker', env);
  }

  private static async launch(entry: keyof typeof ENTRIES, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
    const { file, ready } = ENTRIES[entry];
    const child = spawn(process.execPath, ['-r', path.join(root, 'test', 'support', 'ts-register.js'), path.join(root, 'src', file)], {
      cwd: root,
      env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'debug', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const waiters: ServerProcess['waiters'] = [];
    const log: LogLine[] = [];
    const errors: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
    onLogLines(child, (line) => {
      log.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const serving = new Promise<LogLine>((resolve, reject) => {
      waiters.push({ test: (line) => line.msg.startsWith(ready), resolve });
      void exited.then(() => reject(new Error(`The ${entry} stopped before it was ready: ${errors.join('')}`)));
    });
    const line = await serving;
    return new ServerProcess(child, entry === 'server' ? Number(line.port) : undefined, waiters, exited, log);
  }

  /** The child's process id (its memory is in /proc/<pid>/status). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves with the next log line that passes the test. */
  logged(test: (line: LogLine) => boolean): Promise<LogLine> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** SIGKILL: no clean-up of any kind, as a crash or an out-of-memory kill. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the clean stop. */
  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** Calls back with each JSON log line a child process writes to its standard output (other lines are skipped). */
export function onLogLines(child: ChildProcess, each: (line: LogLine) => void): void {
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return;
    }
    each(line);
  });
}
