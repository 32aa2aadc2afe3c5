import Router from '@koa/router';
import type Koa from 'koa';
import { invokeOnPlatform } from '../../adapters/local-invoke.js';
import { controlAccess } from '../../runtime-host/control-access.js';
import { mountInvokeApiOn, type InvokeTarget } from '../../runtime-host/invoke-api.js';
import { toLambdaError } from '../../runtime-host/protocol.js';
import { type WickApplication } from '../app/application.js';
import { LOOPBACK_HOST } from '../http/listen-address.js';
import { decodeClientContext, platformOf } from './invoke-platform.js';

/** The app's own functions, run in this process. */
function appTarget(app: WickApplication): InvokeTarget {
  const run = async (name: string, event: unknown, platform = 'aws', context: object = {}) => {
    try {
      return await invokeOnPlatform(platform, app, name, event, context);
    } catch (err) {
      app.logger.error({ function: name, err }, 'invocation failed');
      throw err;
    }
  };
  return {
    has: (name) => app.functions.functions.some((fn) => fn.name === name),
    async invoke(name, { payload, clientContext }) {
      try {
        const decoded = decodeClientContext(clientContext);
        const platform = platformOf(decoded);
        // Lambda hands the caller's ClientContext to the function; the other platforms have no such field.
        const context = platform === 'aws' && decoded ? { clientContext: decoded } : {};
        const result = await run(name, JSON.parse(payload.toString('utf8')), platform, context);
        return { outcome: { kind: 'ok', payload: Buffer.from(JSON.stringify(result ?? null)) } };
      } catch (err) {
        return { outcome: { kind: 'error', error: toLambdaError(err) } };
      }
    },
    enqueue: (name, event) => void run(name, event).catch(() => {}),
  };
}

/**
 * The Lambda Invoke API of `wick host` (`POST /2015-03-31/functions/<name>/invocations`), answered by the app
 * `wick dev` serves, so a function's storage, queue, timer or direct trigger can be fired at the running server
 * (`wick invoke <function> --url`). Only the dev server mounts it, with the host's Host and cross-site checks
 * (no token: the dev server is the developer's own).
 */
export function devInvokeApi(app: WickApplication): Koa.Middleware {
  const router = new Router();
  // wick host's rules for its control routes: a page in the developer's browser must not run a function.
  router.use(controlAccess({ boundHost: LOOPBACK_HOST, allowedHosts: [] }));
  mountInvokeApiOn(router, appTarget(app));
  return router.routes() as unknown as Koa.Middleware;
}
