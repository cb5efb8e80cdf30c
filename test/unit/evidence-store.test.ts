import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FileTooLargeError, HEAD_BYTES } from '../../src/storage/evidence-store';
import { LocalEvidenceStore } from '../../src/storage/local-evidence-store';

const sha256Of = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const HOUR = 60 * 60 * 1000;

let root: string;
let store: LocalEvidenceStore;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-store-'));
  store = new LocalEvidenceStore({ root });
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every file under the store, relative to its root. */
const filesIn = (dir: string): string[] => (fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((name) => fs.statSync(path.join(dir, name)).isFile()) : []);

/** Files under the store that are not stored evidence: half-written uploads and put marks. */
const tempFilesIn = (root: string) => filesIn(path.join(root, 'tmp'));
const partFilesIn = (root: string) => tempFilesIn(root).filter((name) => name.endsWith('.part'));

const makeOld = (file: string, ageMs = 2 * HOUR) => {
  const then = new Date(Date.now() - ageMs);
  fs.utimesSync(file, then, then);
};

/** A stream that yields the content in small chunks, as an upload does. */
const chunked = (content: Buffer, size = 1000) => Readable.from(Array.from({ length: Math.ceil(content.length / size) }, (_, i) => content.subarray(i * size, (i + 1) * size)));

describe('EvidenceStore.put', () => {
  test('a buffer is stored under <root>/<2 hex>/<sha256> with its hash, size and head', async () => {
    const content = Buffer.from('%PDF-1.4 a certificate\n');
    const stored = await store.put(content, { maxBytes: 1000 });

    expect(stored).toEqual({ sha256: sha256Of(content), size: content.length, head: content });
    expect(store.path(stored.sha256)).toBe(path.join(root, stored.sha256.slice(0, 2), stored.sha256));
    expect(fs.readFileSync(store.path(stored.sha256))).toEqual(content);
    expect(await store.exists(stored.sha256)).toBe(true);
    expect(partFilesIn(root)).toEqual([]);
    // The put leaves a mark in the store's own work folder, naming what it stored.
    expect(tempFilesIn(root)).toEqual([expect.stringMatching(new RegExp(`~${process.pid}~[0-9a-f]{8}/${stored.sha256}\\.put$`))]);
  });

  test('a stream is stored whole, and the head is its first 64 KiB', async () => {
    const content = Buffer.alloc(200_000);
    for (let i = 0; i < content.length; i++) content[i] = (i * 7) % 251;
    const stored = await store.put(chunked(content, 4096), { maxBytes: 1_000_000 });

    expect(stored.sha256).toBe(sha256Of(content));
    expect(stored.size).toBe(content.length);
    expect(stored.head).toEqual(content.subarray(0, HEAD_BYTES));
    expect(fs.readFileSync(store.path(stored.sha256))).toEqual(content);
  });

  test('a ZIP larger than 64 KiB comes back whole as the head, so its central directory can be read', async () => {
    const zipLike = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100_000, 1)]);
    const stored = await store.put(chunked(zipLike), { maxBytes: 1_000_000 });
    expect(stored.head).toEqual(zipLike);
  });

  test('identical content is stored once: the second put gives the same hash and removes its temp file', async () => {
    const content = Buffer.from('same bytes');
    const first = await store.put(content, { maxBytes: 100 });
    const second = await store.put(chunked(content, 3), { maxBytes: 100 });

    expect(second.sha256).toBe(first.sha256);
    expect(filesIn(root).filter((name) => !name.startsWith('tmp'))).toEqual([path.join(first.sha256.slice(0, 2), first.sha256)]);
    expect(partFilesIn(root)).toEqual([]);
  });

  test('storing content that is already there refreshes its age, so a sweep before the row is committed spares it', async () => {
    const content = Buffer.from('uploaded, deleted, uploaded again');
    const { sha256 } = await store.put(content, { maxBytes: 100 });
    makeOld(store.path(sha256));

    await store.put(content, { maxBytes: 100 });
    const { removed } = await store.sweep(async () => new Set());

    expect(removed).toEqual([]);
    expect(await store.exists(sha256)).toBe(true);
  });

  test.each([
    ['a buffer', () => Buffer.alloc(101)],
    ['a stream', () => chunked(Buffer.alloc(5000), 100)],
  ])('%s over maxBytes throws FileTooLargeError and leaves no file behind', async (_name, source) => {
    const error = await store.put(source(), { maxBytes: 100 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FileTooLargeError);
    expect((error as FileTooLargeError).maxBytes).toBe(100);
    expect(filesIn(root)).toEqual([]);
  });

  test('a file of exactly maxBytes is accepted', async () => {
    expect((await store.put(Buffer.alloc(100), { maxBytes: 100 })).size).toBe(100);
  });

  test('an oversized stream is stopped rather than read to the end', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1000;
        this.push(Buffer.alloc(1000));
      },
    });
    await expect(store.put(endless, { maxBytes: 10_000 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(endless.destroyed).toBe(true);
    expect(produced).toBeLessThan(100_000);
  });

  test('a stream that fails midway rejects with its error and leaves no temp file', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('first half, ');
        yield Buffer.from('second half');
        throw new Error('connection reset');
      })(),
    );
    await expect(store.put(failing, { maxBytes: 1000 })).rejects.toThrow('connection reset');
    expect(filesIn(root)).toEqual([]);
  });

  test('a stream that fails before put() reads it rejects instead of crashing the process', async () => {
    const failing = new Readable({ read() {} });
    failing.push(Buffer.from('half a file'));
    setImmediate(() => failing.destroy(new Error('connection reset')));

    await expect(store.put(failing, { maxBytes: 1000 })).rejects.toThrow('connection reset');
    expect(filesIn(root)).toEqual([]);
  });
});

describe('EvidenceStore paths and reads', () => {
  test.each(['', 'abc', 'A'.repeat(64), `${'a'.repeat(63)}g`, `../${'a'.repeat(61)}`])('path refuses %j, which is not 64 lowercase hex', (value) => {
    expect(() => store.path(value)).toThrow(/SHA-256/);
  });

  test('openRead streams the stored bytes back, and read gives them whole', async () => {
    const content = Buffer.from('read me back');
    const { sha256 } = await store.put(content, { maxBytes: 100 });
    const chunks: Buffer[] = [];
    for await (const chunk of await store.openRead(sha256)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(content);
    expect(await store.read(sha256)).toEqual(content);
  });

  test('openRead rejects for content never stored, before any byte is sent', async () => {
    await expect(store.openRead(sha256Of(Buffer.from('never stored')))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('remove deletes a stored file, and removing a missing one is no error', async () => {
    const { sha256 } = await store.put(Buffer.from('to be removed'), { maxBytes: 100 });
    await store.remove(sha256);
    expect(await store.exists(sha256)).toBe(false);
    await expect(store.remove(sha256)).resolves.toBeUndefined();
  });

  test('exists is false for content never stored', async () => {
    expect(await store.exists(sha256Of(Buffer.from('never stored')))).toBe(false);
  });
});

describe('EvidenceStore.sweep', () => {
  const putOld = async (text: string) => {
    const { sha256 } = await store.put(Buffer.from(text), { maxBytes: 1000 });
    makeOld(store.path(sha256));
    return sha256;
  };

  test('removes old unreferenced files and keeps referenced ones', async () => {
    const referenced = await putOld('a certificate still attached to a record');
    const orphan = await putOld('a file whose record was deleted');

    const { removed } = await store.sweep(async (hashes) => new Set(hashes.filter((hash) => hash === referenced)));

    expect(removed).toEqual([orphan]);
    expect(await store.exists(referenced)).toBe(true);
    expect(await store.exists(orphan)).toBe(false);
  });

  test('keeps an unreferenced file younger than olderThanMs (its row may not be committed yet) and never asks about it', async () => {
    const { sha256: young } = await store.put(Buffer.from('just uploaded'), { maxBytes: 1000 });
    const asked: string[] = [];

    const { removed } = await store.sweep(async (hashes) => {
      asked.push(...hashes);
      return new Set();
    });

    expect(removed).toEqual([]);
    expect(asked).toEqual([]);
    expect(await store.exists(young)).toBe(true);
  });

  test('olderThanMs sets the age limit', async () => {
    const { sha256 } = await store.put(Buffer.from('ten minutes old'), { maxBytes: 1000 });
    makeOld(store.path(sha256), 10 * 60 * 1000);

    expect((await store.sweep(async () => new Set(), { olderThanMs: HOUR })).removed).toEqual([]);
    expect((await store.sweep(async () => new Set(), { olderThanMs: 5 * 60 * 1000 })).removed).toEqual([sha256]);
  });

  test('asks about the hashes in batches of at most 500', async () => {
    // Laid out as put() leaves them (put() syncs each file to disk: 1,203 of them take seconds).
    const hashes: string[] = [];
    for (let i = 0; i < 1203; i++) {
      const content = Buffer.from(`file ${i}`);
      const file = store.path(sha256Of(content));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      makeOld(file);
      hashes.push(sha256Of(content));
    }
    const batchSizes: number[] = [];

    const { removed } = await store.sweep(async (batch) => {
      batchSizes.push(batch.length);
      return new Set(batch);
    });

    expect(removed).toEqual([]);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(500);
    expect(batchSizes.reduce((sum, size) => sum + size, 0)).toBe(1203);
  });

  test('a temp file left by a crashed upload on another machine is removed once old, and kept while young', async () => {
    fs.mkdirSync(path.join(root, 'tmp', 'elsewhere~42~0a0b0c0d'), { recursive: true });
    const crashed = path.join(root, 'tmp', 'elsewhere~42~0a0b0c0d', 'crashed.part');
    const inProgress = path.join(root, 'tmp', 'elsewhere~42~0a0b0c0d', 'in-progress.part');
    fs.writeFileSync(crashed, 'half an upload');
    fs.writeFileSync(inProgress, 'an upload still arriving');
    makeOld(crashed);

    const result = await store.sweep(async () => new Set());

    expect(result).toEqual({ removed: [], removedTempFiles: 1 });
    expect(fs.existsSync(crashed)).toBe(false);
    expect(fs.existsSync(inProgress)).toBe(true);
  });

  test('leaves files that are not its own alone', async () => {
    const stranger = path.join(root, 'ab', 'README');
    fs.mkdirSync(path.dirname(stranger), { recursive: true });
    fs.writeFileSync(stranger, 'not a stored file');
    makeOld(stranger);

    expect((await store.sweep(async () => new Set())).removed).toEqual([]);
    expect(fs.existsSync(stranger)).toBe(true);
  });

  test('an empty or missing store sweeps to nothing', async () => {
    const missing = new LocalEvidenceStore({ root: path.join(root, 'never-created') });
    expect(await missing.sweep(async () => new Set())).toEqual({ removed: [], removedTempFiles: 0 });
  });
});

describe('EvidenceStore.recoverAbandoned', () => {
  /** What a process killed mid-way leaves: another store of this same process counts as gone (a restart). */
  let killed: LocalEvidenceStore;
  beforeEach(() => {
    killed = new LocalEvidenceStore({ root });
  });
  const killedProcessPuts = async (content: string) => (await killed.put(Buffer.from(content), { maxBytes: 100 })).sha256;

  test('removes the files a gone process stored that no row refers to, and keeps those a row names', async () => {
    const committed = await killedProcessPuts('row committed before the kill');
    const orphan = await killedProcessPuts('killed before its row was committed');
    const asked: string[][] = [];

    const result = await store.recoverAbandoned(async (hashes) => {
      asked.push([...hashes].sort());
      return new Set([committed]);
    });

    expect(asked).toEqual([[committed, orphan].sort()]);
    expect(result).toEqual({ removed: [orphan], removedFolders: 1 });
    expect(await store.exists(committed)).toBe(true);
    expect(await store.exists(orphan)).toBe(false);
    expect(tempFilesIn(root)).toEqual([]);
  });

  test('removes half-written uploads of a gone process at once, whatever their age', async () => {
    const folder = path.join(root, 'tmp', `${os.hostname()}~${process.pid}~deadbeef`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'killed-mid-upload.part'), 'half an upload');

    expect(await store.recoverAbandoned(async () => new Set())).toEqual({ removed: [], removedFolders: 1 });
    expect(fs.existsSync(folder)).toBe(false);
  });

  test('spares a file put again since (by a live process) and everything of live processes and other machines', async () => {
    const again = await killedProcessPuts('uploaded by the killed process, then again by a live one');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(store.path(again), later, later);
    const live = await store.put(Buffer.from('this process, in flight'), { maxBytes: 100 });
    const elsewhere = path.join(root, 'tmp', 'another-host~1~00000000');
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, 'uploading.part'), 'still arriving over there');

    const result = await store.recoverAbandoned(async () => new Set());

    expect(result).toEqual({ removed: [], removedFolders: 1 });
    expect(await store.exists(again)).toBe(true);
    expect(await store.exists(live.sha256)).toBe(true);
    expect(fs.existsSync(path.join(elsewhere, 'uploading.part'))).toBe(true);
  });

  test('a clean stop removes the work folder', async () => {
    await store.put(Buffer.from('done'), { maxBytes: 100 });
    await store.removeWorkFolder();
    expect(tempFilesIn(root)).toEqual([]);
  });
});
