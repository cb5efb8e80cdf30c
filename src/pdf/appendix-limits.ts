import { createInflate, constants } from 'node:zlib';
import { limitMessages, type ParseLimits } from '../validation/parse-limits';

/**
 * Bounds on what an evidence file may make the renderer decode. pdf-lib inflates a PDF's object
 * streams while reading it and a page's content streams while copying it; pdfkit decodes a PNG
 * with transparency whole. A small file can be made to inflate to gigabytes, so before a file
 * is opened its compressed streams are inflated once, counted and thrown away, and a PNG's
 * declared size is read from its header.
 */

export type AppendixLimits = Pick<ParseLimits, 'pdfInflatedBytes' | 'imagePixels'>;

const STREAM = Buffer.from('stream');
const END_STREAM = Buffer.from('endstream');

/** The data between each "stream" keyword and its "endstream": the candidates for Flate data. */
function* streamSegments(bytes: Buffer): Generator<Buffer> {
  let at = bytes.indexOf(STREAM);
  while (at >= 0) {
    let start = at + STREAM.length;
    if (bytes[start] === 0x0d) start += 1;
    if (bytes[start] === 0x0a) start += 1;
    const end = bytes.indexOf(END_STREAM, start);
    if (end < 0) return;
    // "endstream" itself contains "stream": only segments right after the keyword count.
    if (at < 3 || bytes.toString('latin1', at - 3, at) !== 'end') yield bytes.subarray(start, end);
    at = bytes.indexOf(STREAM, end + END_STREAM.length);
  }
}

/** Inflates `segment` counting its bytes (kept nowhere); resolves with the count, stopping past `budget`. */
function inflatedLength(segment: Buffer, budget: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
    let length = 0;
    inflate.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > budget) {
        inflate.destroy();
        resolve(length);
      }
    });
    // Not Flate data, or damaged: it inflates to nothing here (pdf-lib judges it later).
    inflate.on('error', () => resolve(length));
    inflate.on('end', () => resolve(length));
    inflate.end(segment);
  });
}

/** Why a PDF cannot be appended for its size once inflated, or undefined when it is within the limit. */
export async function pdfTooLarge(bytes: Buffer, limits: AppendixLimits): Promise<string | undefined> {
  let left = limits.pdfInflatedBytes;
  for (const segment of streamSegments(bytes)) {
    left -= await inflatedLength(segment, left);
    if (left < 0) return limitMessages.pdfInflated(limits.pdfInflatedBytes);
  }
  return undefined;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Why an image cannot be appended for its size in pixels (a PNG's header says), or undefined. */
export function imageTooLarge(bytes: Buffer, limits: AppendixLimits): string | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  return width * height > limits.imagePixels ? limitMessages.imagePixels(width, height) : undefined;
}
