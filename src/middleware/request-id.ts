import { randomUUID } from 'node:crypto';
import { type KoaMiddleware } from '../http/context.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Printable token characters only, bounded: anything else could forge log lines or bloat headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@\/+=-]{1,128}$/;

export function pickRequestId(incoming: unknown): string {
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function requestId(): KoaMiddleware {
  return (ctx, next) => {
    ctx.requestId = pickRequestId(ctx.get(REQUEST_ID_HEADER));
    ctx.set(REQUEST_ID_HEADER, ctx.requestId);
    return next();
  };
}
