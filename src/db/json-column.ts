/**
 * A json or jsonb column's value, decoded. Both drivers (pg and PGlite) decode these columns
 * themselves, but the repositories have always accepted the value as its JSON text too; this is
 * that one rule, in one place, instead of a `typeof … === 'string'` in each repository.
 */
export const jsonColumn = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
