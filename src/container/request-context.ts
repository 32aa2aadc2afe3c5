import { AsyncLocalStorage } from 'node:async_hooks';

/** The Context of the request being resolved; request-scoped providers read it through DI. */
export const requestContext = new AsyncLocalStorage<object>();
