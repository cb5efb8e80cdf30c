import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalHash, canonicalJson } from '../../src/domain/snapshot/canonical-json';

/** The definition, written the plain recursive way: the writer must give exactly this text (stored hashes depend on it). */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => reference(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${reference(item)}`).join(',')}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

test('keys are sorted at every level, undefined is left out of objects and is null in arrays', () => {
  expect(canonicalJson({ b: [3, undefined, { z: 1, a: 'x' }], a: null, c: undefined, '10': true, '2': false })).toBe('{"10":true,"2":false,"a":null,"b":[3,null,{"a":"x","z":1}]}');
  expect(canonicalJson([])).toBe('[]');
  expect(canonicalJson({})).toBe('{}');
  expect(canonicalJson('é "quoted"')).toBe('"é \\"quoted\\""');
  expect(() => canonicalJson({ hours: Number.NaN })).toThrow('Canonical JSON has no form for NaN or Infinity.');
});

test('any JSON value gives the same text as the recursive definition, and the same hash', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (value) => {
      const text = reference(value);
      expect(canonicalJson(value)).toBe(text);
      expect(await canonicalHash(value)).toBe(sha256(text));
    }),
    { numRuns: 300 },
  );
});

test('hashing a big value lets other work run meanwhile', async () => {
  const records = Array.from({ length: 60_000 }, (_, index) => ({ id: index, date: '2026-03-12', clientCode: `C-${index % 97}`, hours: 1.5, notes: 'a session with a long note '.repeat(4) }));
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    const hash = await canonicalHash({ records });
    expect(hash).toBe(sha256(reference({ records })));
  } finally {
    clearInterval(timer);
  }
  expect(ticks).toBeGreaterThan(0);
});
