import type { Request } from 'express';
import { notFound } from '../errors';

/** The largest id a row can have (PostgreSQL's integer): a bigger number names no row. */
const MAX_ID = 2_147_483_647;

/** A whole number from 1 to MAX_ID written plainly ("12"), or undefined ("1.5", "1e3", "0", "x", too large). */
export function positiveId(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const id = Number(text);
  return id <= MAX_ID ? id : undefined;
}

/** A route's numeric id parameter; anything but a positive whole number that can name a row is "not found". */
export function idParam(req: Request, name = 'id'): number {
  const id = positiveId(req.params[name]);
  if (id === undefined) throw notFound();
  return id;
}
