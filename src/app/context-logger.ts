import type Koa from 'koa';
import { statusOf } from '../errors/render.js';
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

/** Errors of the connection rather than of the app: the client went away, or a server timeout cut its request. */
const CONNECTION_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_HTTP_REQUEST_TIMEOUT']);

/**
 * Koa's 'error' events (a response whose connection failed, a request a server timeout cut, an error when the error
 * handler is turned off) as lines of the app's logger, redacted like any other, instead of Koa's console.error of a
 * bare stack. What Koa itself leaves unlogged (a 404, an error meant for the client) stays so.
 */
export function logKoaErrors(koa: Koa, logger: Logger): void {
  koa.on('error', (err: Error & { expose?: boolean; code?: string }, ctx?: { requestId?: string; method?: string; path?: string }) => {
    const status = statusOf(err);
    if (status === 404 || err.expose) return;
    const fields = { err, requestId: ctx?.requestId, method: ctx?.method, path: ctx?.path };
    if (err.code !== undefined && CONNECTION_ERRORS.has(err.code)) logger.warn(fields, 'connection failed');
    else logger.error(fields, 'request failed');
  });
}
