/** @module Errors as answers a caller can act on: `{ error: { field, message }, errors: [...] }`. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError } from '../domain/validation.js';
import { errorForLog, visibleText } from '../domain/visible-text.js';
import { ConflictError } from '../db/store.js';

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly errors: FieldError[],
    readonly headers: Record<string, string> = {},
    /** More members of the answer beside error/errors (a warning's name and how to override it). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(errors.map((e) => `${e.field} ${e.message}`).join('; '));
  }
}

export const badRequest = (errors: FieldError[]) => new HttpError(400, errors);
export const notFound = (what: string) => new HttpError(404, [{ field: 'id', message: `no ${what} with this id` }]);
export const conflict = (field: string, message: string) => new HttpError(409, [{ field, message }]);

export function errorBody(errors: FieldError[]) {
  return { error: errors[0] ?? { field: 'request', message: 'is invalid' }, errors };
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof HttpError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return c.json({ ...errorBody(err.errors), ...err.extra }, err.status);
  }
  if (err instanceof ConflictError) return c.json(errorBody([{ field: err.field, message: err.message }]), 409);
  // Hono's own HTTPException (e.g. from bodyLimit) carries a status for a client mistake.
  const status = (err as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return c.json(errorBody([{ field: 'request', message: err.message || 'is invalid' }]), status as ContentfulStatusCode);
  }
  console.error(`unhandled error ${c.req.method} ${visibleText(c.req.path)}: ${errorForLog(err)}`);
  return c.json(errorBody([{ field: 'server', message: 'something went wrong on our side; nothing was changed' }]), 500);
}
