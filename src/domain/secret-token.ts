import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 of a token, hex: what the database keeps instead of the token itself. */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A new random token of 256 bits (URL-safe) and its hash. */
export function newSecretToken(prefix = ''): { token: string; hash: string } {
  const token = prefix + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** Tokens we issue are base64url; anything else is refused before touching the database. */
export const looksLikeToken = (value: string, prefix = '') => value.startsWith(prefix) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(prefix.length));
