import { performance } from 'node:perf_hooks';
import { type Logger } from '../app/logger.js';
import { type KoaMiddleware } from '../http/context.js';

/** One structured line per request, written once the response status is final. */
export function accessLog(logger: Logger): KoaMiddleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      logger.info('request', {
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        requestId: ctx.requestId,
      });
    }
  };
}
