import type { Request } from 'express';
import { notFound } from '../errors';

/** A route's numeric id parameter; anything but a positive whole number is "not found". */
export function idParam(req: Request, name = 'id'): number {
  const id = Number(req.params[name]);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  return id;
}
