import Router from '@koa/router';
import { MethodNotAllowedError, NotFoundError } from '../errors/http-errors.js';
import { type Context, type KoaMiddleware } from './context.js';
import { type CompiledRoute } from './route.js';
import { returningBody } from './respond.js';

/**
 * Mounts compiled routes on @koa/router, each with its middleware chain already resolved,
 * and answers unmatched requests: 405 with Allow for a known path, else 404. What a route's chain returns
 * (the handler's result, or what a middleware made of it) is what the global middleware's `next()` resolves to.
 */
export function routerMiddleware(routes: CompiledRoute[]): KoaMiddleware[] {
  const router = new Router();
  for (const route of routes) {
    const chain = [...route.middleware, (ctx: Context) => route.handle(ctx)] as any[];
    router[route.method](route.path, ...chain);
  }
  const fallback: KoaMiddleware = (ctx) => {
    const allowed = [...new Set(router.match(ctx.path, ctx.method).path.flatMap((layer) => layer.methods))];
    if (allowed.length === 0) throw new NotFoundError(`no route for ${ctx.method} ${ctx.path}`);
    if (ctx.method === 'OPTIONS') {
      ctx.set('Allow', [...allowed, 'OPTIONS'].join(', '));
      ctx.status = 204;
      return;
    }
    throw new MethodNotAllowedError(allowed);
  };
  return [returningBody(router.routes() as unknown as KoaMiddleware), fallback];
}
