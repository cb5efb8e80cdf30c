import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/**
 * Reads parts of a zip file held in memory (an .xlsx is one) without trusting what it says
 * about itself: before a part is read, the sizes its central directory declares are added up
 * against a budget; while it is read, yauzl stops the moment a part inflates to more than it
 * declared. So the bytes inflated never exceed the budget, however the file was made.
 */

/** The zip could not be read: not a zip, damaged, encrypted. */
export class ZipUnreadable extends Error {}

/** Reading these parts would inflate more than the budget. */
export class ZipBudgetExceeded extends Error {}

const MAX_ENTRIES = 10_000;

const fromBuffer = (bytes: Buffer) =>
  new Promise<ZipFile>((resolve, reject) => yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error || !zip ? reject(error) : resolve(zip))));

function listEntries(zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      if (entries.size >= MAX_ENTRIES) return reject(new ZipUnreadable(`more than ${MAX_ENTRIES} parts`));
      entries.set(entry.fileName.replace(/^\/+/, ''), entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

const openStream = (zip: ZipFile, entry: Entry) =>
  new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error ?? new ZipUnreadable('unreadable part')) : resolve(stream))));

export interface ZipParts {
  has(name: string): boolean;
  /**
   * Streams a part's text to `onText` in chunks (UTF-8 decoded across chunk boundaries); a
   * handler that throws stops the reading and the error is passed on as it is.
   */
  read(name: string, onText: (chunk: string) => void): Promise<void>;
  close(): void;
}

/** Opens the zip; `budget` is the most its parts may inflate to, all reads together. */
export async function openZip(bytes: Buffer, budget: number): Promise<ZipParts> {
  let zip: ZipFile;
  let entries: Map<string, Entry>;
  try {
    zip = await fromBuffer(bytes);
    entries = await listEntries(zip);
  } catch (error) {
    throw error instanceof ZipUnreadable ? error : new ZipUnreadable((error as Error).message);
  }
  let left = budget;
  return {
    has: (name) => entries.has(name),
    async read(name, onText) {
      const entry = entries.get(name);
      if (!entry) throw new ZipUnreadable(`no part ${name}`);
      if (entry.isEncrypted()) throw new ZipUnreadable('encrypted');
      if (entry.uncompressedSize > left) throw new ZipBudgetExceeded();
      left -= entry.uncompressedSize;
      const stream = await openStream(zip, entry);
      const decoder = new StringDecoder('utf8');
      await new Promise<void>((resolve, reject) => {
        const fail = (error: unknown) => {
          stream.destroy();
          reject(error);
        };
        stream.on('data', (chunk: Buffer) => {
          try {
            onText(decoder.write(chunk));
          } catch (error) {
            fail(error);
          }
        });
        stream.on('end', () => {
          try {
            onText(decoder.end());
            resolve();
          } catch (error) {
            fail(error);
          }
        });
        // yauzl's size check ("too many bytes in the stream", a part that lies about its size) arrives here too.
        stream.on('error', (error) => reject(new ZipUnreadable(error.message)));
      });
    },
    close: () => zip.close(),
  };
}
