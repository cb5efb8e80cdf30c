import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and no whitespace (the JSON Canonicalization
 * Scheme, RFC 8785, for the values a snapshot holds: strings, finite numbers, booleans, null,
 * arrays and plain objects). The same data always gives the same text, so its hash is stable.
 *
 * One writer serves both forms: `canonicalJson` runs it to the end, `canonicalHash` feeds the
 * hash piece by piece and lets other work run every few milliseconds (a 10,000-entry snapshot
 * takes about 100 ms to write, which would otherwise hold every other request of the process).
 */
export function canonicalJson(value: unknown): string {
  let text = '';
  const writer = new CanonicalWriter(value);
  while (!writer.done) text += writer.next();
  return text;
}

/** The SHA-256 (hex) of a value's canonical JSON, yielding to the event loop every YIELD_MS. */
export async function canonicalHash(value: unknown): Promise<string> {
  const hash = createHash('sha256');
  const writer = new CanonicalWriter(value);
  let pending = '';
  let since = performance.now();
  while (!writer.done) {
    pending += writer.next();
    if (pending.length < CHUNK_CHARS) continue;
    hash.update(pending, 'utf8');
    pending = '';
    if (performance.now() - since < YIELD_MS) continue;
    await new Promise((resolve) => setImmediate(resolve));
    since = performance.now();
  }
  return hash.update(pending, 'utf8').digest('hex');
}

const CHUNK_CHARS = 64 * 1024;
const YIELD_MS = 10;

type Frame = { items: unknown[]; index: number } | { entries: [string, unknown][]; index: number };

/**
 * Writes a value's canonical JSON a piece at a time, with its own stack instead of recursion,
 * so the caller can stop between any two pieces.
 */
class CanonicalWriter {
  private readonly stack: Frame[] = [];
  private first: { value: unknown } | undefined;

  constructor(value: unknown) {
    this.first = { value };
  }

  get done(): boolean {
    return !this.first && this.stack.length === 0;
  }

  /** The next piece of text: a whole scalar, or an opening or closing bracket with what leads up to it. */
  next(): string {
    if (this.first) {
      const { value } = this.first;
      this.first = undefined;
      return this.open(value);
    }
    const frame = this.stack[this.stack.length - 1]!;
    if ('items' in frame) {
      if (frame.index === frame.items.length) {
        this.stack.pop();
        return ']';
      }
      const item = frame.items[frame.index];
      return (frame.index++ === 0 ? '' : ',') + this.open(item === undefined ? null : item);
    }
    if (frame.index === frame.entries.length) {
      this.stack.pop();
      return '}';
    }
    const [key, item] = frame.entries[frame.index]!;
    return `${frame.index++ === 0 ? '' : ','}${JSON.stringify(key)}:${this.open(item)}`;
  }

  /** A scalar's text, or an opening bracket (its contents follow from the stack). */
  private open(value: unknown): string {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('Canonical JSON has no form for NaN or Infinity.');
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) {
      this.stack.push({ items: value, index: 0 });
      return '[';
    }
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.stack.push({ entries, index: 0 });
    return '{';
  }
}
