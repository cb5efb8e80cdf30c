import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and no whitespace (the JSON Canonicalization
 * Scheme, RFC 8785, for the values a snapshot holds: strings, finite numbers, booleans, null,
 * arrays and plain objects). The same data always gives the same text, so its hash is stable.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('Canonical JSON has no form for NaN or Infinity.');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** The SHA-256 (hex) of a value's canonical JSON. */
export const canonicalHash = (value: unknown) => createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
