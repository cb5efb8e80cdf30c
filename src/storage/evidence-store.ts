import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { isProcessAlive } from '../process-alive';

/** How much of a file put() returns for type sniffing (except ZIPs, returned whole). */
export const HEAD_BYTES = 64 * 1024;
const SWEEP_BATCH = 500;
const DEFAULT_SWEEP_AGE_MS = 60 * 60 * 1000;
const SHA256 = /^[0-9a-f]{64}$/;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

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

const PUT_MARK = '.put';
const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_');

/**
 * Evidence files stored by the SHA-256 of their content under `<root>/<2 hex>/<sha256>`:
 * identical uploads share one file, and a name is never reused for different bytes. Files
 * are written to a work folder of this store's own, `<root>/tmp/<host>~<pid>~<random>/`, and
 * renamed into place, so a final name never holds half a file.
 *
 * A file is stored before the row naming it is committed, so a process killed in between
 * leaves a file nothing refers to. Each put therefore leaves a mark (`<sha256>.put`) in the work
 * folder; when a process starts, recoverAbandoned() empties the work folders of processes that
 * are gone (their half-written `.part` files) and removes the marked files no row refers to.
 */
export class EvidenceStore {
  private readonly root: string;
  private readonly tmp: string;
  private readonly work: string;

  constructor(options: { root: string }) {
    this.root = path.resolve(options.root);
    this.tmp = path.join(this.root, 'tmp');
    this.work = path.join(this.tmp, `${HOST}~${process.pid}~${randomBytes(4).toString('hex')}`);
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
    const tmpPath = path.join(this.work, `${randomUUID()}.part`);
    const file = await open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let headSize = 0;
    let size = 0;
    let stored = false;
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
      if (size > HEAD_BYTES && head.subarray(0, 4).equals(ZIP_MAGIC)) head = await readFile(tmpPath);
      const sha256 = hash.digest('hex');
      const mark = path.join(this.work, sha256 + PUT_MARK);
      await (await open(mark, 'w', 0o600)).close();
      await this.moveIntoPlace(tmpPath, sha256);
      // The mark is newer than the file it names: a file touched after it was put again by another process.
      const now = new Date();
      await utimes(mark, now, now);
      stored = true;
      return { sha256, size, head };
    } finally {
      if (!stored) {
        await file.close().catch(() => undefined); // already closed on the success path
        await rm(tmpPath, { force: true });
      }
    }
  }

  private async moveIntoPlace(tmpPath: string, sha256: string): Promise<void> {
    const finalPath = this.path(sha256);
    const dir = path.dirname(finalPath);
    const createdDir = await mkdir(dir, { recursive: true, mode: 0o700 });
    if (await this.exists(sha256)) {
      await rm(tmpPath, { force: true });
      // Same bytes already here, maybe unreferenced and old: refresh the age so that sweep()
      // spares it until the caller has committed the row that refers to it.
      const now = new Date();
      await utimes(finalPath, now, now);
      return;
    }
    await rename(tmpPath, finalPath);
    // Make the rename (and a new shard folder) durable before the caller commits a row naming it.
    await syncDirectory(dir);
    if (createdDir) await syncDirectory(this.root);
  }

  /** The absolute path of a stored file; throws unless sha256 is 64 lowercase hex digits. */
  path(sha256: string): string {
    if (!isSha256(sha256)) throw new Error('Not a SHA-256 hex digest.');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.path(sha256))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  createReadStream(sha256: string): ReadStream {
    return createReadStream(this.path(sha256));
  }

  /**
   * After a crash: for each work folder of a process of this machine that has gone, removes the
   * files it put that no row refers to (unless put again since), then the folder with its
   * half-written uploads. Work folders of other machines are left to sweep(), by age.
   */
  async recoverAbandoned(isReferenced: (sha256s: string[]) => Promise<Set<string>>): Promise<{ removed: string[]; removedFolders: number }> {
    const removed: string[] = [];
    let removedFolders = 0;
    for (const name of await listDir(this.tmp)) {
      const folder = path.join(this.tmp, name);
      if (!isAbandoned(name, path.basename(this.work))) continue;
      const marks = (await listDir(folder, { quiet: true })).filter((entry) => entry.endsWith(PUT_MARK) && isSha256(entry.slice(0, -PUT_MARK.length)));
      const hashes = marks.map((mark) => mark.slice(0, -PUT_MARK.length));
      const referenced = hashes.length ? await isReferenced(hashes) : new Set<string>();
      for (const sha256 of hashes) {
        if (referenced.has(sha256)) continue;
        const [fileTime, markTime] = await Promise.all([mtimeOf(this.path(sha256)), mtimeOf(path.join(folder, sha256 + PUT_MARK))]);
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

  /** Deletes a stored file; no error when it is already gone. */
  async remove(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }

  /**
   * Deletes stored files that no row refers to, asking `isReferenced` in batches, and temp
   * files left by crashed uploads. Anything younger than olderThanMs (default 1 hour) stays:
   * an upload's row may not be committed yet, and an active upload keeps its temp file fresh.
   */
  async sweep(isReferenced: (sha256s: string[]) => Promise<Set<string>>, options: { olderThanMs?: number } = {}): Promise<{ removed: string[]; removedTempFiles: number }> {
    const cutoff = Date.now() - (options.olderThanMs ?? DEFAULT_SWEEP_AGE_MS);
    const isOld = async (file: string) => {
      const info = await lstat(file).catch((error) => (isNotFound(error) ? undefined : Promise.reject(error)));
      return info !== undefined && info.isFile() && info.mtimeMs < cutoff;
    };

    // Temp files and put marks in every process's work folder (and loose ones from older versions).
    let removedTempFiles = 0;
    const tempFiles = [];
    for (const name of await listDir(this.tmp)) {
      const entry = path.join(this.tmp, name);
      tempFiles.push(entry, ...(await listDir(entry, { quiet: true })).map((inner) => path.join(entry, inner)));
    }
    for (const file of tempFiles) {
      if (await isOld(file)) {
        await rm(file, { force: true });
        if (file.endsWith('.part')) removedTempFiles++;
      }
    }

    const removed: string[] = [];
    let batch: string[] = [];
    const flush = async () => {
      const referenced = await isReferenced(batch);
      for (const sha256 of batch) {
        // Check the age again: put() may have just refreshed it for a new upload of the same bytes.
        if (!referenced.has(sha256) && (await isOld(this.path(sha256)))) {
          await this.remove(sha256);
          removed.push(sha256);
        }
      }
      batch = [];
    };
    for (const shard of await listDir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue; // tmp/ and anything not ours
      for (const name of await listDir(path.join(this.root, shard))) {
        if (!isSha256(name) || !name.startsWith(shard) || !(await isOld(this.path(name)))) continue;
        batch.push(name);
        if (batch.length >= SWEEP_BATCH) await flush();
      }
    }
    if (batch.length > 0) await flush();
    return { removed, removedTempFiles };
  }
}

const isNotFound = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/** A folder's entries; none if it does not exist (or, quietly, if it is not a folder). */
async function listDir(dir: string, options: { quiet?: boolean } = {}): Promise<string[]> {
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

const mtimeOf = async (file: string) => (await lstat(file).catch(() => undefined))?.mtimeMs;

/** fsync a folder so a rename in it survives a power cut (not possible on Windows, and not needed there). */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
