import compose from 'koa-compose';
import { type Logger } from '../logging/logger.js';
import { type FilterSelector, type ResultFiltering } from './filters.js';
import { accessLog } from './access-log.js';
import { bodyParser, type BodyParserOptions } from './body-parser.js';
import { errorHandler, filtering, resultFilter } from './error-handler.js';
import { requestId, type RequestIdOptions } from './request-id.js';
import { type KoaMiddleware } from '../http/context.js';

type Switch = { enable?: boolean };

/** The `config` keys that shape the built-in middleware; each can be turned off with `enable: false`. */
export interface BuiltinMiddlewareConfig {
  requestId?: Switch & RequestIdOptions;
  accessLog?: Switch;
  errorHandler?: Switch & { exposeInternals?: boolean };
  bodyParser?: Switch & BodyParserOptions;
}

interface PipelineOptions {
  config: BuiltinMiddlewareConfig;
  env: string;
  logger: Logger;
  globalMiddleware: KoaMiddleware[];
  globalFilters: FilterSelector | null;
  /** The @Match() filters registered with app.useFilter, applied to successful results. */
  resultFilters?: ResultFiltering | null;
  /** The routes' middleware (routerMiddleware), or the router a request was sent to (selectedRouter). */
  router: KoaMiddleware;
  /** The cookie session's middleware, when the session is on. */
  session?: KoaMiddleware | null;
}

const on = (setting: Switch | undefined) => setting?.enable !== false;

/**
 * Where a 5xx answer may carry the error's message and stack: on a developer's machine and in tests. Every other env
 * (prod, and a staging or `pre` env alike) hides them, as Midway's onerror does outside local and unittest.
 */
const DEVELOPMENT_ENVS = new Set(['local', 'unittest']);

/**
 * The one request pipeline, composed once with koa-compose:
 * request id → access log → error handler → global filters → result filters → body parser → session → global middleware → router.
 */
export function httpPipeline({ config, env, logger, globalMiddleware, globalFilters, resultFilters = null, router, session = null }: PipelineOptions): KoaMiddleware {
  const hideInternals = !DEVELOPMENT_ENVS.has(env) && config.errorHandler?.exposeInternals !== true;
  const chain: (KoaMiddleware | false | null)[] = [
    requestId({ ...config.requestId, echo: on(config.requestId) }),
    on(config.accessLog) && accessLog(logger),
    on(config.errorHandler) && errorHandler({ hideInternals, logger }),
    globalFilters && filtering(globalFilters, logger),
    resultFilters && resultFilter(resultFilters),
    on(config.bodyParser) && bodyParser(config.bodyParser),
    session,
    ...globalMiddleware,
    router,
  ];
  return compose(chain.filter((fn): fn is KoaMiddleware => typeof fn === 'function') as compose.Middleware<any>[]) as KoaMiddleware;
}
