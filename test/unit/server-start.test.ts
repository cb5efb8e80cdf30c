import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { start } from '../../src/server';
import { StartupError } from '../../src/bootstrap';
import { ConfigError } from '../../src/config';

test('start() creates the embedded database under DATA_DIR, migrates and serves', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eia-start-'));
  const { server, stop } = await start({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  try {
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
