import { type ResponseMetadata } from '../decorators/web.js';
import { type Context } from './context.js';

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

export type ResponsePreparer = (ctx: Context) => void;

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
