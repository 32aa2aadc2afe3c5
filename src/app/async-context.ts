import type Koa from 'koa';
import { requestContext } from '../container/request-context.js';
import { type Logger } from '../logging/logger.js';

/** Midway's config key for the async request context; `enable: true` runs every request inside it from the boot on. */
export interface AsyncContextConfig {
  asyncContextManager?: { enable?: boolean };
}

/**
 * Runs the app's requests inside Wick's request context (Koa's asyncLocalStorage), or not. Inside it, every promise
 * of the process pays Node's async hooks (a third of a small request's cost), so it is on only when something can
 * read it: the config asks, or `needed` (the container resolves a provider that injects ctx: containerReadsRequestContext).
 * Off, the first read of `koa.currentContext` turns it on for the requests that start after it (that read, made
 * outside the context, sees none) and says so once.
 */
export function installAsyncContext(koa: Koa, config: AsyncContextConfig, needed: boolean, logger: Logger): void {
  const enable = () => {
    koa.ctxStorage = requestContext as Koa['ctxStorage'];
  };
  if (config.asyncContextManager?.enable === true || needed) return enable();
  Object.defineProperty(koa, 'currentContext', {
    configurable: true,
    get(): Koa['currentContext'] {
      if (koa.ctxStorage) return koa.ctxStorage.getStore();
      enable();
      logger.warn(
        'app.koa.currentContext was read while requests ran outside the async request context: requests from now on run inside it; set config asyncContextManager.enable: true to have it from the first request',
      );
      return undefined;
    },
  });
}
