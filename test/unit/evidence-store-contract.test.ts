import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FileTooLargeError, HEAD_BYTES, type EvidenceStore } from '../../src/storage/evidence-store';
import { LocalEvidenceStore } from '../../src/storage/local-evidence-store';
import { S3EvidenceStore } from '../../src/storage/s3-evidence-store';
import { startS3Server, TEST_BUCKET } from '../support/s3-server';

// The same contract for every place evidence can live: a folder on this machine, and an
// S3-compatible bucket (s3rver on loopback). Layout details of each are in their own tests.

const sha256Of = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const chunked = (content: Buffer, size = 1000) => Readable.from(Array.from({ length: Math.ceil(content.length / size) }, (_, i) => content.subarray(i * size, (i + 1) * size)));
const none = async () => new Set<string>();

let s3: Awaited<ReturnType<typeof startS3Server>>;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
});

let folder: string;
/** Each test has its own prefix in the bucket, which outlives the test. */
let prefix = '';
let prefixCount = 0;
const stores: Record<string, () => EvidenceStore> = {
  'a local folder': () => new LocalEvidenceStore({ root: folder }),
  'an S3 bucket': () => new S3EvidenceStore({ bucket: TEST_BUCKET, endpoint: s3.endpoint, region: 'us-east-1', prefix, forcePathStyle: true, spool: path.join(folder, 'spool') }),
};

describe.each(Object.keys(stores))('the evidence store in %s', (where) => {
  let store: EvidenceStore;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-contract-'));
    prefix = `test-${++prefixCount}/`;
    store = stores[where]!();
  });
  afterEach(async () => {
    if (store instanceof S3EvidenceStore) await store.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a streamed upload comes back byte for byte, with its hash, size and head', async () => {
    const content = Buffer.alloc(300_000);
    for (let i = 0; i < content.length; i++) content[i] = (i * 13) % 251;
    const stored = await store.put(chunked(content, 8192), { maxBytes: 1_000_000 });
    expect(stored).toEqual({ sha256: sha256Of(content), size: content.length, head: content.subarray(0, HEAD_BYTES) });
    expect(await store.exists(stored.sha256)).toBe(true);
    expect((await store.read(stored.sha256)).equals(content)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.openRead(stored.sha256)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
  });

  test('identical content is stored once, and the spool keeps no half file', async () => {
    const content = Buffer.from('%PDF-1.4 one certificate\n');
    const first = await store.put(content, { maxBytes: 1000 });
    const second = await store.put(chunked(content, 5), { maxBytes: 1000 });
    expect(second.sha256).toBe(first.sha256);
    expect((await store.sweep(none, { olderThanMs: -60_000 })).removed).toEqual([first.sha256]);
    const spoolFiles = (fs.readdirSync(folder, { recursive: true }) as string[]).filter((name) => name.endsWith('.part'));
    expect(spoolFiles).toEqual([]);
  });

  test('an upload over the limit is refused and nothing of it is kept', async () => {
    const content = Buffer.alloc(5000, 7);
    await expect(store.put(chunked(content), { maxBytes: 4999 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await store.exists(sha256Of(content))).toBe(false);
    expect((await store.sweep(none, { olderThanMs: -60_000 })).removed).toEqual([]);
  });

  test('remove deletes; removing again is no error; reading what is not there rejects before any byte', async () => {
    const { sha256 } = await store.put(Buffer.from('to be removed'), { maxBytes: 100 });
    await store.remove(sha256);
    expect(await store.exists(sha256)).toBe(false);
    await expect(store.remove(sha256)).resolves.toBeUndefined();
    await expect(store.openRead(sha256)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('sweep removes old files no row names, keeps named ones, and spares young ones without asking', async () => {
    const kept = await store.put(Buffer.from('named by a row'), { maxBytes: 100 });
    const orphan = await store.put(Buffer.from('named by nothing'), { maxBytes: 100 });
    const asked: string[] = [];
    const young = await store.sweep(async (hashes) => {
      asked.push(...hashes);
      return new Set();
    });
    expect(young.removed).toEqual([]);
    expect(asked).toEqual([]);
    const swept = await store.sweep(async (hashes) => new Set(hashes.filter((hash) => hash === kept.sha256)), { olderThanMs: -60_000 });
    expect(swept.removed).toEqual([orphan.sha256]);
    expect(await store.exists(kept.sha256)).toBe(true);
    expect(await store.exists(orphan.sha256)).toBe(false);
  });

  test('after a crash, the files a gone process put that no row names are removed at the next start', async () => {
    const killed = stores[where]!(); // another store of this process counts as gone: a restart
    const named = await killed.put(Buffer.from('committed'), { maxBytes: 100 });
    const lost = await killed.put(Buffer.from('stored, never committed'), { maxBytes: 100 });
    const recovered = await store.recoverAbandoned(async (hashes) => new Set(hashes.filter((hash) => hash === named.sha256)));
    expect(recovered).toEqual({ removed: [lost.sha256], removedFolders: 1 });
    expect(await store.exists(named.sha256)).toBe(true);
    expect(await store.exists(lost.sha256)).toBe(false);
    if (killed instanceof S3EvidenceStore) await killed.close();
  });

  test('saveTo places the bytes at a path (a backup’s staging folder)', async () => {
    const content = Buffer.from('for the backup');
    const { sha256 } = await store.put(content, { maxBytes: 100 });
    const target = path.join(folder, 'staged');
    expect(await store.saveTo(sha256, target)).toBe(content.length);
    expect(fs.readFileSync(target).equals(content)).toBe(true);
  });
});
