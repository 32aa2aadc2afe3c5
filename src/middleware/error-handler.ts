import { type Logger } from '../app/logger.js';
import { renderError } from '../errors/render.js';
import { type Context, type KoaMiddleware } from '../http/context.js';
import { REQUEST_ID_HEADER } from './request-id.js';

export interface ErrorHandlerOptions {
  /** Hide 5xx messages and stacks from clients (on in prod). */
  hideInternals: boolean;
  logger: Logger;
}

/** Renders every error as `{"error":{status,message,requestId}}`; the only place errors become responses. */
export function errorHandler({ hideInternals, logger }: ErrorHandlerOptions): KoaMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      writeError(ctx, err, hideInternals, logger);
    }
  };
}

export function writeError(ctx: Context, err: unknown, hideInternals: boolean, logger: Logger): void {
  const rendered = renderError(err, ctx.requestId, hideInternals);
  if (rendered.status >= 500) {
    logger.error('request failed', { requestId: ctx.requestId, method: ctx.method, path: ctx.path, error: (err as Error)?.stack ?? String(err) });
  }
  if (ctx.headerSent || !ctx.writable) return;
  for (const name of ctx.res.getHeaderNames()) ctx.res.removeHeader(name);
  ctx.set(REQUEST_ID_HEADER, ctx.requestId);
  ctx.set(rendered.headers);
  ctx.status = rendered.status;
  ctx.body = rendered.body;
}
