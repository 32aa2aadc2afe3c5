import { randomUUID } from 'node:crypto';
import { type KoaMiddleware } from '../http/context.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Printable token characters only, bounded: anything else could forge log lines or bloat headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@\/+=-]{1,128}$/;

export function pickRequestId(incoming: unknown): string {
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export interface RequestIdOptions {
  /** Take a sane incoming x-request-id instead of generating one (default true). */
  trustIncoming?: boolean;
}

/**
 * Every request gets `ctx.requestId` (logs and error bodies need it). With `echo` it is also taken from
 * and returned in `x-request-id`; turning the built-in off only stops the header.
 */
export function requestId({ trustIncoming = true, echo = true }: RequestIdOptions & { echo?: boolean } = {}): KoaMiddleware {
  return (ctx, next) => {
    ctx.requestId = echo && trustIncoming ? pickRequestId(ctx.get(REQUEST_ID_HEADER)) : randomUUID();
    if (echo) ctx.set(REQUEST_ID_HEADER, ctx.requestId);
    return next();
  };
}
