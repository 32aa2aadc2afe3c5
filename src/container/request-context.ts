import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The Context of the request under way; request-scoped providers read it through DI. An HTTP request runs in it
 * from start to end (the app's Koa is given it as its asyncLocalStorage); an event invocation only while its
 * handler's instance is resolved (instances.ts), since events do not pass through Koa.
 */
export const requestContext = new AsyncLocalStorage<object>();
