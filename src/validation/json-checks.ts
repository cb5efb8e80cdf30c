/**
 * Checks every untrusted document gets (a request body, an uploaded export) before anything
 * reads its fields: how deeply it nests, and text that cannot be stored as it was sent: the NUL
 * character, which PostgreSQL refuses in text, and half a surrogate pair (half an emoji), which
 * would come back as another character. One walk, iterative (a document nested thousands deep
 * must not overflow the stack), stopping at the first problem.
 */

/** A JSON Schema pattern (ajv reads patterns as Unicode): no NUL character, no unpaired surrogate. */
export const NO_NUL = '^[^\\u0000\\uD800-\\uDFFF]*$';
export const NUL_MESSAGE = 'This text holds a character that cannot be stored: the invisible NUL character (\\0), or half of an emoji. Type or paste the text again.';

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether text is stored and read back exactly as it is. */
export const isStorableText = (text: string) => !UNSTORABLE.test(text);

/** Deeper than this, a body is refused: no form or API body of the app nests more than 4 levels. */
export const MAX_BODY_DEPTH = 32;

export type BodyProblem = { kind: 'too_deep' } | { kind: 'unstorable'; field: string };

export function bodyProblem(body: unknown): BodyProblem | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value: body, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isStorableText(value)) return { kind: 'unstorable', field: path.join('.') || '_form' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_BODY_DEPTH) return { kind: 'too_deep' };
    for (const [key, inner] of Object.entries(value)) {
      if (!isStorableText(key)) return { kind: 'unstorable', field: path.join('.') || '_form' };
      stack.push({ value: inner, path: [...path, key] });
    }
  }
  return undefined;
}

export const bodyMessages = {
  tooDeep: `The data nests more than ${MAX_BODY_DEPTH} levels deep; nothing this app reads needs that many. Send the fields as documented.`,
  unstorable: NUL_MESSAGE,
};
