import { type Logger } from '../logging/logger.js';
import { applyFilter, type FilterSelector, type ResultFiltering } from './filters.js';
import { initErrorCause } from '../errors/init-error.js';
import { errorHeaders, renderError, statusOf } from '../errors/render.js';
import { type Context, type KoaMiddleware } from '../http/context.js';
import { syncBodyWithResult } from '../http/respond.js';
import { REQUEST_ID_HEADER } from './request-id.js';

interface ErrorHandlerOptions {
  /** Hide 5xx messages and stacks from clients (on outside local and unittest). */
  hideInternals: boolean;
  logger: Logger;
}

/** Headers set before the error belong to the failed response; only the request id survives. */
function resetHeaders(ctx: Context): void {
  const requestId = ctx.response.get(REQUEST_ID_HEADER);
  for (const name of ctx.res.getHeaderNames()) ctx.res.removeHeader(name);
  if (requestId) ctx.set(REQUEST_ID_HEADER, requestId);
}

function logServerError(ctx: Context, err: unknown, logger: Logger, status = statusOf(err)): void {
  if (status < 500) return;
  logger.error({ err, requestId: ctx.requestId, method: ctx.method, path: ctx.path }, 'request failed');
}

/**
 * Catches errors inside `next` and hands them to a matching filter; rethrows what no filter takes,
 * and what a filter itself throws, to the error handler outside. The filter answers for the error, so the
 * headers the error carries (`Allow` on a 405) are set before it runs; it may change them.
 */
export function filtering(selectFilter: FilterSelector, logger: Logger): KoaMiddleware {
  return async (ctx, next) => {
    try {
      return await next();
    } catch (thrown) {
      const err = initErrorCause(thrown);
      const filter = selectFilter(err);
      if (!filter || ctx.headerSent) throw err;
      resetHeaders(ctx);
      ctx.set(errorHeaders(err));
      await applyFilter(filter, err, ctx);
      logServerError(ctx, err, logger, ctx.status);
    }
  };
}

/** Midway's result filters: what the chain answered (returned, or left in ctx.body) goes through them and becomes the body. */
export function resultFilter(filterResult: ResultFiltering): KoaMiddleware {
  return async (ctx, next) => syncBodyWithResult(ctx, await filterResult(syncBodyWithResult(ctx, await next()), ctx));
}

/** The outermost error boundary: renders what nothing else handled as `{"error":{status,message,requestId}}`. */
export function errorHandler({ hideInternals, logger }: ErrorHandlerOptions): KoaMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      writeError(ctx, err, hideInternals, logger);
    }
  };
}

function writeError(ctx: Context, thrown: unknown, hideInternals: boolean, logger: Logger): void {
  const err = initErrorCause(thrown);
  logServerError(ctx, err, logger);
  if (ctx.headerSent || !ctx.writable) return;
  const rendered = renderError(err, ctx.requestId, hideInternals);
  resetHeaders(ctx);
  ctx.set(rendered.headers);
  ctx.status = rendered.status;
  ctx.body = rendered.body;
}
