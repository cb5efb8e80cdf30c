import { spawn, type ChildProcess } from 'node:child_process';
import { processRssMb } from '../bench/measure';
import path from 'node:path';
import { createInterface } from 'node:readline';

const clusterEntry = path.join(__dirname, '..', '..', 'src', 'cluster.js');

/** `npm run start:cluster` as a child process: its port, its processes, their memory. */
export class ClusterProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly origin: string,
    private readonly workerPids: number[],
    /** Filled as the render process reports in (it may do so after the web workers). */
    private readonly renderPids: number[],
  ) {}

  /** Starts N workers on a free port and resolves once every one of them serves. */
  static async start(env: NodeJS.ProcessEnv, workers: number): Promise<ClusterProcess> {
    const child = spawn(process.execPath, [clusterEntry], {
      env: { ...env, PORT: '0', CLUSTER_WORKERS: String(workers), LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const errors: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
    const pids: number[] = [];
    const renderers: number[] = [];
    let port = 0;
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`start:cluster stopped (exit code ${code}): ${errors.join('')}`)));
      // Workers share one port; each says so once started.
      child.stdout!.setEncoding('utf8');
      // Every request is logged (LOG_LEVEL=info, as in production): the lines are read and dropped.
      createInterface({ input: child.stdout! }).on('line', (text) => {
        if (text.includes('EIA Portfolio render worker is running')) {
          renderers.push(Number(safeJson(text)?.pid));
          if (pids.length === workers) resolve();
          return;
        }
        if (!text.includes('EIA Portfolio is running at ')) return;
        const line = safeJson(text);
        if (typeof line?.msg !== 'string' || !line.msg.startsWith('EIA Portfolio is running at ')) return;
        pids.push(Number(line.pid));
        port = Number(line.port);
        // Every web worker serves, and the render process (the cluster's default one) is up.
        if (pids.length === workers && renderers.length === 1) resolve();
      });
    });
    return new ClusterProcess(child, `http://127.0.0.1:${port}`, pids, renderers);
  }

  /** The resident memory of the primary and its web workers, in MB. */
  memoryMb(): number {
    return [this.child.pid!, ...this.workerPids].reduce((sum, pid) => sum + processRssMb(pid), 0);
  }

  /** The resident memory of the render process (CLUSTER_RENDER_WORKERS=1), in MB. */
  renderMemoryMb(): number {
    return this.renderPids.reduce((sum, pid) => sum + processRssMb(pid), 0);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

const safeJson = (text: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};
