import type Koa from 'koa';
import { type Logger } from '../logging/logger.js';

const CHILD = Symbol('wick:context-logger');

/**
 * `ctx.logger`: a child of the app's logger whose lines carry the request id. Made on first use and kept
 * for the request, so requests that never log pay nothing.
 */
export function installContextLogger(koa: Koa, logger: Logger): void {
  Object.defineProperty(koa.context, 'logger', {
    configurable: true,
    get(this: { requestId?: string; [CHILD]?: Logger }) {
      return (this[CHILD] ??= logger.child({ requestId: this.requestId }));
    },
  });
}
