import { createHash, createHmac } from 'node:crypto';

/** How client names from an ICF log become pseudonymous client codes. */
export type ClientCodeRule = 'initials' | 'hash';

const MAX_INITIALS = 4;

/** The same person written "Ana  Novak" or "ana novak" is one client. */
export const normaliseClientName = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * A stable client code for a client's name: with the same salt (one per portfolio) the
 * same name always gives the same code, so re-imports match, and the name is not stored.
 * 'initials' gives "AN-4821" (readable; rare collisions), 'hash' gives "C-3F9A12BC"
 * (reveals nothing about the name).
 */
export function clientCode(name: string, rule: ClientCodeRule, salt: string): string {
  // Without a secret salt, a code could be matched back to a name by hashing name lists.
  if (!salt) throw new Error('clientCode needs the portfolio’s salt');
  const normalised = normaliseClientName(name);
  if (rule === 'hash') return `C-${createHmac('sha256', salt).update(normalised).digest('hex').slice(0, 8).toUpperCase()}`;
  const digest = createHash('sha256').update(`${salt}\u0000${normalised}`).digest();
  return `${initialsOf(name)}-${String(digest.readUInt32BE(0) % 10_000).padStart(4, '0')}`;
}

/** The first letter (of any script) of each word, upper-cased; "C" for a name without letters. */
function initialsOf(name: string): string {
  const initials = name
    .normalize('NFKC')
    .split(/[\s\-‐–]+/)
    .map((word) => /\p{L}/u.exec(word)?.[0] ?? '')
    .join('');
  return Array.from(initials.toUpperCase()).slice(0, MAX_INITIALS).join('') || 'C';
}

/**
 * The codes of one file's client names, computed once per name. Two different names that
 * give the same code (possible with initials) are reported rather than merged into one client.
 */
export function clientCodeBook(rule: ClientCodeRule, salt: string): (name: string) => string | { error: string } {
  const codeByName = new Map<string, string>();
  const nameByCode = new Map<string, string>();
  return (name) => {
    const normalised = normaliseClientName(name);
    let code = codeByName.get(normalised);
    if (code === undefined) {
      code = clientCode(name, rule, salt);
      codeByName.set(normalised, code);
    }
    const owner = nameByCode.get(code);
    if (owner === undefined) nameByCode.set(code, normalised);
    else if (owner !== normalised) {
      return { error: `Another client name in this file gives the same client code (${code}): import with the “hash” rule for client codes, which tells them apart.` };
    }
    return code;
  };
}
