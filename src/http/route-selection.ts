import { type IncomingMessage, type RequestListener } from 'node:http';
import { type KoaMiddleware } from './context.js';

const ROUTER = Symbol('wick:router');

type RoutedRequest = IncomingMessage & { [ROUTER]?: KoaMiddleware };

/**
 * One Koa app serves every mode: a function's listener is the app's own callback, with its requests sent to that
 * function's router. So the app's keys, context extensions and `app.koa.use` middleware are the same everywhere,
 * and each router is composed once, not per request.
 */
export function selectedRouter(everyRoute: KoaMiddleware): KoaMiddleware {
  return (ctx, next) => ((ctx.req as RoutedRequest)[ROUTER] ?? everyRoute)(ctx, next);
}

/** The app's listener, answering only from `router` (one function's routes). */
export function routedTo(listener: RequestListener, router: KoaMiddleware): RequestListener {
  return (req, res) => {
    (req as RoutedRequest)[ROUTER] = router;
    return listener(req, res);
  };
}
