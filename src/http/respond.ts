import { type ResponseMetadata } from '../decorators/web.js';
import { type Context, type KoaMiddleware } from './context.js';

/** Koa records whether the status was set on purpose; a handler that set one keeps it. */
function hasExplicitStatus(ctx: Context): boolean {
  return (ctx.response as unknown as { _explicitStatus?: boolean })._explicitStatus === true;
}

/**
 * Turns a handler's return value into the response. Koa serialises the body in one place:
 * object → JSON, string → text/plain or text/html, Buffer → octet-stream, stream → piped.
 */
export function writeResult(ctx: Context, result: unknown): void {
  if (result !== undefined) ctx.body = result;
  else if (ctx.body == null && !hasExplicitStatus(ctx)) ctx.status = 204;
}

/**
 * Midway's rule, applied after each middleware and the handler: a truthy return value replaces the body;
 * when nothing is returned, the body set so far is passed up as the result, so an outer middleware's
 * `await next()` sees it.
 */
export function syncBodyWithResult(ctx: Context, result: unknown): unknown {
  if (result && ctx.body !== result) ctx.body = result;
  else if (!result && ctx.body) return ctx.body;
  return result;
}

/** A middleware whose return value becomes the body; plain Koa middleware that sets `ctx.body` keeps working. */
export function returningBody(fn: KoaMiddleware): KoaMiddleware {
  return async (ctx, next) => syncBodyWithResult(ctx, await fn(ctx, next));
}

type ResponsePreparer = (ctx: Context) => void;

/** Applies @HttpCode, @SetHeader and @ContentType before the handler runs, so the handler can still override them. */
export function compileResponsePreparer(meta: ResponseMetadata | undefined): ResponsePreparer | null {
  if (!meta || (!meta.status && !meta.headers && !meta.contentType)) return null;
  const headers = Object.entries(meta.headers ?? {});
  const { status, contentType } = meta;
  return (ctx) => {
    if (status) ctx.status = status;
    for (const [name, value] of headers) ctx.set(name, value);
    if (contentType) ctx.type = contentType;
  };
}

export function redirectWriter(meta: ResponseMetadata | undefined): ((ctx: Context) => void) | null {
  const redirect = meta?.redirect;
  if (!redirect) return null;
  return (ctx) => {
    ctx.redirect(redirect.url);
    ctx.status = redirect.status;
  };
}
