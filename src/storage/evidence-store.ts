import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rm, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isProcessAlive } from '../process-alive';

/** How much of a file put() returns for type sniffing (except ZIPs, returned whole). */
export const HEAD_BYTES = 64 * 1024;
const SWEEP_BATCH = 500;
const DEFAULT_SWEEP_AGE_MS = 60 * 60 * 1000;
const SHA256 = /^[0-9a-f]{64}$/;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const PUT_MARK = '.put';
const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_');

/** The upload is larger than the limit; nothing of it was kept. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes.`);
    this.name = 'FileTooLargeError';
  }
}

export interface StoredFile {
  sha256: string;
  size: number;
  /** The first 64 KiB, or the whole file for a ZIP, so its central directory can be read. */
  head: Buffer;
}

export const isSha256 = (value: string) => SHA256.test(value);

/** Where evidence files are kept: a folder on this machine, or an S3-compatible bucket. */
export type ContentKey = `${string}/${string}`;
/** `<2 hex>/<sha256>`: the same layout in a folder and in a bucket. */
export const contentKey = (sha256: string): ContentKey => {
  if (!isSha256(sha256)) throw new Error('Not a SHA-256 hex digest.');
  return `${sha256.slice(0, 2)}/${sha256}`;
};

/**
 * Evidence files kept by the SHA-256 of their content: identical uploads share one file, and a
 * name never holds different bytes. An upload is streamed to a spool file in this store's own
 * work folder, `<spool>/<host>~<pid>~<random>/`, hashed and counted on the way (never whole in
 * memory), then handed to the backend under its final name (a rename on disk, an upload to a
 * bucket), so a final name never holds half a file.
 *
 * A file is stored before the row naming it is committed, so a process killed in between
 * leaves a file nothing refers to. Each put therefore leaves a mark (`<sha256>.put`) in the work
 * folder; when a process starts, recoverAbandoned() empties the work folders of processes that
 * are gone (their half-written `.part` files) and removes the marked files no row refers to.
 * sweep() removes, by age, whatever else no row refers to (a crash on another machine).
 *
 * The backends say how to keep, find, read, age and delete one file; everything else is here.
 */
export abstract class EvidenceStore {
  private readonly spool: string;
  private readonly work: string;

  constructor(options: { spool: string }) {
    this.spool = path.resolve(options.spool);
    this.work = path.join(this.spool, `${HOST}~${process.pid}~${randomBytes(4).toString('hex')}`);
  }

  /** Puts a complete spool file under its final name (moving or copying it), unless that name exists already. */
  protected abstract keep(spoolFile: string, sha256: string, size: number): Promise<'stored' | 'already-there'>;
  /** When a stored file was last stored or touched (ms since the epoch); undefined when it is not there. */
  protected abstract modifiedAt(sha256: string): Promise<number | undefined>;
  /** Makes a stored file young again, so that sweep() spares it until its row is committed. */
  protected abstract touch(sha256: string): Promise<void>;
  /** Every stored file with its age (in any order), for sweep(). */
  protected abstract list(): AsyncIterable<{ sha256: string; modifiedAt: number }>;
  /** Deletes a stored file; no error when it is already gone. */
  abstract remove(sha256: string): Promise<void>;
  abstract exists(sha256: string): Promise<boolean>;
  /** The stored bytes as a stream (rejects when the file is not there). */
  abstract openRead(sha256: string): Promise<Readable>;
  /** What `npm start` logs: where the files are. */
  abstract describe(): string;

  /** The stored bytes, whole (an evidence PDF to append). */
  async read(sha256: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.openRead(sha256)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Places the stored bytes at `file` (a backup's staging folder); returns their size. */
  async saveTo(sha256: string, file: string): Promise<number> {
    await pipeline(await this.openRead(sha256), createWriteStream(file, { mode: 0o600 }));
    return (await lstat(file)).size;
  }

  /** Stores a file (streamed, hashed and counted on the way); throws FileTooLargeError past maxBytes. */
  async put(source: NodeJS.ReadableStream | Buffer, limits: { maxBytes: number }): Promise<StoredFile> {
    // Until the loop below reads the source, an error on it (the client went away) would be an
    // unhandled 'error' event that ends the process; the loop still sees the error and rejects.
    const ignoreUntilRead = () => undefined;
    if (!Buffer.isBuffer(source)) source.on('error', ignoreUntilRead);
    try {
      return await this.write(source, limits.maxBytes);
    } finally {
      if (!Buffer.isBuffer(source)) source.removeListener('error', ignoreUntilRead);
    }
  }

  private async write(source: NodeJS.ReadableStream | Buffer, maxBytes: number): Promise<StoredFile> {
    await mkdir(this.work, { recursive: true, mode: 0o700 });
    const spoolFile = path.join(this.work, `${randomUUID()}.part`);
    const file = await open(spoolFile, 'wx', 0o600);
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let headSize = 0;
    let size = 0;
    try {
      // Breaking out of for-await destroys a stream source, so an oversized upload stops here.
      for await (const piece of Buffer.isBuffer(source) ? [source] : source) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
        size += chunk.length;
        if (size > maxBytes) throw new FileTooLargeError(maxBytes);
        hash.update(chunk);
        if (headSize < HEAD_BYTES) {
          headChunks.push(chunk.subarray(0, HEAD_BYTES - headSize));
          headSize += Math.min(chunk.length, HEAD_BYTES - headSize);
        }
        await file.write(chunk);
      }
      await file.sync();
      await file.close();
      let head = Buffer.concat(headChunks);
      // A ZIP's list of entries is at its end; the caller's type check needs it.
      if (size > HEAD_BYTES && head.subarray(0, 4).equals(ZIP_MAGIC)) head = await readFile(spoolFile);
      const sha256 = hash.digest('hex');
      const mark = path.join(this.work, sha256 + PUT_MARK);
      await (await open(mark, 'w', 0o600)).close();
      // Same bytes already here, maybe unreferenced and old: refresh the age so that sweep()
      // spares it until the caller has committed the row that refers to it.
      if ((await this.keep(spoolFile, sha256, size)) === 'already-there') await this.touch(sha256);
      // The mark is newer than the file it names: a file touched after it was put again by another process.
      const now = new Date();
      await utimes(mark, now, now);
      return { sha256, size, head };
    } finally {
      await file.close().catch(() => undefined); // already closed on the success path
      await rm(spoolFile, { force: true }); // kept (moved or copied), or half-written
    }
  }

  /**
   * After a crash: for each work folder of a process of this machine that has gone, removes the
   * files it put that no row refers to (unless put again since), then the folder with its
   * half-written uploads. Work folders of other machines are left to sweep(), by age.
   */
  async recoverAbandoned(isReferenced: (sha256s: string[]) => Promise<Set<string>>): Promise<{ removed: string[]; removedFolders: number }> {
    const removed: string[] = [];
    let removedFolders = 0;
    for (const name of await listDir(this.spool)) {
      const folder = path.join(this.spool, name);
      if (!isAbandoned(name, path.basename(this.work))) continue;
      const marks = (await listDir(folder, { quiet: true })).filter((entry) => entry.endsWith(PUT_MARK) && isSha256(entry.slice(0, -PUT_MARK.length)));
      const hashes = marks.map((mark) => mark.slice(0, -PUT_MARK.length));
      const referenced = hashes.length ? await isReferenced(hashes) : new Set<string>();
      for (const sha256 of hashes) {
        if (referenced.has(sha256)) continue;
        const [fileTime, markTime] = await Promise.all([this.modifiedAt(sha256), mtimeOf(path.join(folder, sha256 + PUT_MARK))]);
        if (fileTime === undefined || markTime === undefined || fileTime > markTime) continue;
        await this.remove(sha256);
        removed.push(sha256);
      }
      await rm(folder, { recursive: true, force: true });
      removedFolders++;
    }
    return { removed, removedFolders };
  }

  /** On a clean stop: this store's work folder holds nothing of value once every request is done. */
  async removeWorkFolder(): Promise<void> {
    await rm(this.work, { recursive: true, force: true });
  }

  /**
   * Deletes stored files that no row refers to, asking `isReferenced` in batches, and spool
   * files left by crashed uploads. Anything younger than olderThanMs (default 1 hour) stays:
   * an upload's row may not be committed yet, and an active upload keeps its spool file fresh.
   */
  async sweep(isReferenced: (sha256s: string[]) => Promise<Set<string>>, options: { olderThanMs?: number } = {}): Promise<{ removed: string[]; removedTempFiles: number }> {
    const cutoff = Date.now() - (options.olderThanMs ?? DEFAULT_SWEEP_AGE_MS);
    const removedTempFiles = await this.sweepSpool(cutoff);
    const removed: string[] = [];
    let batch: string[] = [];
    const flush = async () => {
      const referenced = await isReferenced(batch);
      for (const sha256 of batch) {
        // Check the age again: put() may have just refreshed it for a new upload of the same bytes.
        const modifiedAt = referenced.has(sha256) ? undefined : await this.modifiedAt(sha256);
        if (modifiedAt !== undefined && modifiedAt < cutoff) {
          await this.remove(sha256);
          removed.push(sha256);
        }
      }
      batch = [];
    };
    for await (const { sha256, modifiedAt } of this.list()) {
      if (modifiedAt >= cutoff) continue;
      batch.push(sha256);
      if (batch.length >= SWEEP_BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return { removed, removedTempFiles };
  }

  /** Spool files and put marks older than the cutoff, in every process's work folder (and loose ones from older versions). */
  private async sweepSpool(cutoff: number): Promise<number> {
    let removedTempFiles = 0;
    const files = [];
    for (const name of await listDir(this.spool)) {
      const entry = path.join(this.spool, name);
      files.push(entry, ...(await listDir(entry, { quiet: true })).map((inner) => path.join(entry, inner)));
    }
    for (const file of files) {
      const info = await lstat(file).catch((error) => (isNotFound(error) ? undefined : Promise.reject(error)));
      if (info === undefined || !info.isFile() || info.mtimeMs >= cutoff) continue;
      await rm(file, { force: true });
      if (file.endsWith('.part')) removedTempFiles++;
    }
    return removedTempFiles;
  }
}

export const isNotFound = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/** A folder's entries; none if it does not exist (or, quietly, if it is not a folder). */
export async function listDir(dir: string, options: { quiet?: boolean } = {}): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isNotFound(error) || (options.quiet && (error as NodeJS.ErrnoException).code === 'ENOTDIR')) return [];
    throw error;
  }
}

/** Whether a work folder belongs to a process of this machine that has gone (another store of this process counts as gone too: it is a restart). */
function isAbandoned(folderName: string, ownFolder: string): boolean {
  const [host, pid] = folderName.split('~');
  if (host !== HOST || !/^\d+$/.test(pid ?? '') || folderName === ownFolder) return false;
  return Number(pid) === process.pid || !isProcessAlive(Number(pid));
}

export const mtimeOf = async (file: string) => (await lstat(file).catch(() => undefined))?.mtimeMs;
