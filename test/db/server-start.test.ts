import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { start } from '../../src/server';
import { StartupError } from '../../src/bootstrap';
import { ConfigError } from '../../src/config';
import { ServerProcess } from '../support/server-process';

test('start() creates the embedded database under DATA_DIR, migrates and serves, with a buffer pool sized for one process', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eia-start-'));
  const { server, stop, deps } = await start({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  try {
    expect(existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    expect((await deps.db.raw<{ rows: { shared_buffers: string }[] }>('show shared_buffers')).rows[0]!.shared_buffers).toBe('16MB');
    const { port } = server.address() as AddressInfo;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const first = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
    expect(first.headers.get('location')).toBe('/setup');
  } finally {
    await stop();
  }
});

test('an unreachable database stops the start, naming it and the reason', async () => {
  const attempt = start({ PORT: '0', DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/eia', LOG_LEVEL: 'silent' });
  await expect(attempt).rejects.toThrow(StartupError);
  await expect(attempt).rejects.toThrow(/^Database: cannot reach PostgreSQL at 127\.0\.0\.1:1\/eia: .*ECONNREFUSED/);
  await expect(attempt).rejects.not.toThrow(/secret/);
});

test('an invalid setting stops the start before anything opens', async () => {
  await expect(start({ PORT: 'eighty' })).rejects.toThrow(ConfigError);
});

test('a second process cannot open the same embedded database; the first one’s stop frees it', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eia-lock-'));
  const first = await start({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  // Another process holding the lock looks like this: its PID in the lock file.
  const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await first.stop();
    writeFileSync(path.join(dataDir, 'pgdata.lock'), String(holder.pid));
    await expect(start({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' })).rejects.toThrow(/in use by another process \(PID \d+\)/);
  } finally {
    holder.kill();
  }
  await new Promise((resolve) => holder.once('exit', resolve));
  // A lock left by a process that has gone is taken over.
  const again = await start({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  await again.stop();
});

test('the start-up line says where to open the app, as JSON when the output is not a terminal', async () => {
  const server = await ServerProcess.start({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'eia-line-')), LOG_LEVEL: 'info' });
  try {
    const port = new URL(server.baseUrl).port;
    const line = server.log.find((each) => each.msg.startsWith('EIA Portfolio is running at '));
    expect(line).toMatchObject({ msg: `EIA Portfolio is running at http://localhost:${port}`, port: Number(port), level: 30 });
  } finally {
    await server.stop();
  }
}, 120_000); // a child process compiles the sources before it starts

test('LOG_FORMAT=pretty writes readable lines even when the output is not a terminal', async () => {
  const root = path.join(__dirname, '..', '..');
  const child = spawn(process.execPath, ['-r', path.join(root, 'test', 'support', 'ts-register.js'), path.join(root, 'src', 'server.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'pretty', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'eia-pretty-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const started = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((each) => each.includes('EIA Portfolio is running at'));
        if (line) resolve(line);
      });
      void exited.then(() => reject(new Error(`The server stopped before serving: ${output}`)));
    });
    expect(started).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: EIA Portfolio is running at http:\/\/localhost:\d+$/);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}, 120_000);
