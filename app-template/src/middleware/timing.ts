import { performance } from 'node:perf_hooks';
import { Middleware, type Context, type IMiddleware, type Next } from 'wick';

/** Reports the time spent in the app as a `server-timing` header. */
@Middleware()
export class TimingMiddleware implements IMiddleware {
  resolve() {
    return async (ctx: Context, next: Next) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        ctx.set('server-timing', `app;dur=${(performance.now() - started).toFixed(2)}`);
      }
    };
  }

  static getName() {
    return 'timing';
  }
}
