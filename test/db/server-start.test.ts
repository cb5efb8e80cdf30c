import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { start } from '../../src/server';
import { StartupError } from '../../src/bootstrap';
import { ConfigError } from '../../src/config';

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
