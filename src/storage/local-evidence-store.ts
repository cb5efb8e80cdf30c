import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, rename, rm, stat, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { contentKey, EvidenceStore, isNotFound, isSha256, listDir } from './evidence-store';

/**
 * Evidence files in a folder on this machine, `<root>/<2 hex>/<sha256>`, the spool in
 * `<root>/tmp/`. A spool file is renamed into place and the rename made durable before the
 * caller commits the row naming it.
 */
export class LocalEvidenceStore extends EvidenceStore {
  private readonly root: string;

  constructor(options: { root: string }) {
    const root = path.resolve(options.root);
    super({ spool: path.join(root, 'tmp') });
    this.root = root;
  }

  describe(): string {
    return `the folder ${this.root}`;
  }

  /** The absolute path of a stored file; throws unless sha256 is 64 lowercase hex digits. */
  path(sha256: string): string {
    return path.join(this.root, contentKey(sha256));
  }

  protected async keep(spoolFile: string, sha256: string): Promise<'stored' | 'already-there'> {
    const finalPath = this.path(sha256);
    const dir = path.dirname(finalPath);
    const createdDir = await mkdir(dir, { recursive: true, mode: 0o700 });
    if (await this.exists(sha256)) return 'already-there';
    await rename(spoolFile, finalPath);
    // Make the rename (and a new shard folder) durable before the caller commits a row naming it.
    await syncDirectory(dir);
    if (createdDir) await syncDirectory(this.root);
    return 'stored';
  }

  protected async modifiedAt(sha256: string): Promise<number | undefined> {
    const info = await lstat(this.path(sha256)).catch((error) => (isNotFound(error) ? undefined : Promise.reject(error)));
    return info?.isFile() ? info.mtimeMs : undefined;
  }

  protected async touch(sha256: string): Promise<void> {
    const now = new Date();
    await utimes(this.path(sha256), now, now);
  }

  protected async *list(): AsyncIterable<{ sha256: string; modifiedAt: number }> {
    for (const shard of await listDir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue; // tmp/ and anything not ours
      for (const name of await listDir(path.join(this.root, shard))) {
        if (!isSha256(name) || !name.startsWith(shard)) continue;
        const modifiedAt = await this.modifiedAt(name);
        if (modifiedAt !== undefined) yield { sha256: name, modifiedAt };
      }
    }
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.path(sha256))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async openRead(sha256: string): Promise<Readable> {
    const stream = createReadStream(this.path(sha256));
    // Open before answering, so a missing file rejects here rather than as a stream error mid-response.
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    return stream;
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }

  /** A backup links to the stored file (tar packs what it points to): no copy on the same disk. */
  override async saveTo(sha256: string, file: string): Promise<number> {
    await symlink(this.path(sha256), file);
    return (await stat(this.path(sha256))).size;
  }
}

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
