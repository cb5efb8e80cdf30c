import { NUL_MESSAGE } from '../domain/records/schema-parts';

/**
 * Checks every request body gets before anything reads its fields: how deeply it nests, and
 * the NUL character, which PostgreSQL cannot store in text. One walk, iterative (a body nested
 * thousands deep must not overflow the stack), stopping at the first problem.
 */

/** Deeper than this, a body is refused: no form or API body of the app nests more than 4 levels. */
export const MAX_BODY_DEPTH = 32;

export type BodyProblem = { kind: 'too_deep' } | { kind: 'nul'; field: string };

export function bodyProblem(body: unknown): BodyProblem | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value: body, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { kind: 'nul', field: path.join('.') || '_form' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_BODY_DEPTH) return { kind: 'too_deep' };
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes('\u0000')) return { kind: 'nul', field: path.join('.') || '_form' };
      stack.push({ value: inner, path: [...path, key] });
    }
  }
  return undefined;
}

export const bodyMessages = {
  tooDeep: `The body nests more than ${MAX_BODY_DEPTH} levels deep; no request of this app needs that many. Send the fields as documented.`,
  nul: NUL_MESSAGE,
};
