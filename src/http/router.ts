import Router from '@koa/router';
import compose from 'koa-compose';
import { type Context, type KoaMiddleware } from './context.js';
import { type CompiledRoute } from './route.js';
import { returningBody } from './respond.js';
import { answerUnmatched } from './unmatched.js';

/**
 * Mounts compiled routes on @koa/router, each with its middleware chain already resolved,
 * and answers unmatched requests (answerUnmatched). What a route's chain returns
 * (the handler's result, or what a middleware made of it) is what the global middleware's `next()` resolves to.
 */
export function routerMiddleware(routes: CompiledRoute[]): KoaMiddleware {
  const router = new Router();
  for (const route of routes) {
    const chain = [...route.middleware, (ctx: Context) => route.handle(ctx)] as any[];
    router[route.method](route.path, ...chain);
  }
  const fallback: KoaMiddleware = (ctx) => {
    ctx.set('Allow', answerUnmatched(router, ctx.method, ctx.path).allow);
    ctx.status = 204;
  };
  return compose([returningBody(router.routes() as unknown as KoaMiddleware), fallback] as compose.Middleware<any>[]) as KoaMiddleware;
}
