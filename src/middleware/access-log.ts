import { performance } from 'node:perf_hooks';
import { type Logger } from '../logging/logger.js';
import { type KoaMiddleware } from '../http/context.js';

/** One structured line per request, written once the response status is final. */
export function accessLog(logger: Logger): KoaMiddleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      return await next();
    } finally {
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      logger.info({ method: ctx.method, path: ctx.path, status: ctx.status, durationMs, requestId: ctx.requestId }, 'request');
    }
  };
}
