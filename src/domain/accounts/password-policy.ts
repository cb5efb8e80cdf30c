export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

const messages = {
  tooShort: `Use at least ${MIN_PASSWORD_LENGTH} characters. A short phrase of three or four words is easy to remember and hard to guess.`,
  tooLong: `Use at most ${MAX_PASSWORD_LENGTH} characters.`,
  common: 'This password appears in lists of commonly used passwords that attackers try first. Choose something less predictable, such as a short phrase.',
  personal: 'Do not use your email address or name as your password: they are the first things an attacker tries.',
  repetitive: 'This password is a single character or pattern repeated. Choose something less predictable.',
};

let commonPasswords: Set<string> | undefined;
// ~50,000 passwords from public breach lists (zxcvbn-ts); loaded on first use, not at start
// (about 10 MB a process that never sets a password would hold for nothing).
const isCommon = (password: string) => {
  commonPasswords ??= new Set((require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')).dictionary['passwords-common'] as string[]);
  return commonPasswords.has(password.toLowerCase());
};

/** Why this password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, person: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return messages.tooShort;
  if (password.length > MAX_PASSWORD_LENGTH) return messages.tooLong;
  if (isCommon(password)) return messages.common;
  const lower = password.toLowerCase();
  const personal = [person.email, person.email?.split('@')[0], person.name?.replace(/\s+/g, '')].filter((value): value is string => Boolean(value && value.length >= 4)).map((value) => value.toLowerCase());
  if (personal.some((value) => lower === value || lower.replace(/\s+/g, '') === value)) return messages.personal;
  if (/^(.{1,3})\1+$/.test(password)) return messages.repetitive;
  return null;
}
