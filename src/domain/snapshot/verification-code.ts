import { randomBytes } from 'node:crypto';

// Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** "7K3M-Q9TZ-2B4X" from the first 60 bits of the bytes. */
function codeFromBytes(bytes: Buffer): string {
  let bits = 0n;
  for (const byte of bytes.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  const characters: string[] = [];
  for (let index = 0; index < GROUPS * GROUP_LENGTH; index += 1) characters.push(ALPHABET[Number((bits >> BigInt(59 - index * 5)) & 31n)]!);
  return Array.from({ length: GROUPS }, (_, group) => characters.slice(group * GROUP_LENGTH, (group + 1) * GROUP_LENGTH).join('')).join('-');
}

/** A new random verification code, for a submission. */
export const newVerificationCode = () => codeFromBytes(randomBytes(8));

/** The code of a draft: derived from its snapshot's hash, so the same content gives the same code. */
export const draftVerificationCode = (snapshotSha256: string) => codeFromBytes(Buffer.from(snapshotSha256, 'hex'));

/** A code as typed by a person (lower case, spaces, O for 0 …) in its canonical form, or undefined. */
export function normaliseVerificationCode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== GROUPS * GROUP_LENGTH || [...compact].some((character) => !ALPHABET.includes(character))) return undefined;
  return compact.match(/.{4}/g)!.join('-');
}
