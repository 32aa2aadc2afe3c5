import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Router from '@koa/router';
import Koa from 'koa';
import { errorResponse } from '../adapters/common/errors.js';
import { type HttpTriggerOptions } from '../src/decorators/serverless.js';
import { HttpError, InternalServerError, NotFoundError, PayloadTooLargeError, TooManyRequestsError } from '../src/errors/http-errors.js';
import { errorHeaders } from '../src/errors/render.js';
import { gatewayPath } from '../src/functions/gateway-path.js';
import { isHttpTrigger, triggerMethods } from '../src/functions/registry.js';
import { pickRequestId, REQUEST_ID_HEADER } from '../src/middleware/request-id.js';
import { AsyncQueue } from './async-queue.js';
import { controlAccess } from './control-access.js';
import { isLoopback, LOOPBACK_HOST, urlHost } from '../src/http/listen-address.js';
import { answerTunnelsAndUpgrades } from '../src/http/unserved-requests.js';
import { BILL_PATH, priceUsage, UsageLedger } from './bill.js';
import { readBytes } from '../src/http/request-body.js';
import { answerUnmatched } from '../src/http/unmatched.js';
import { fromApiGatewayV2Result, MalformedResultError, toApiGatewayV2Event, writeResponse, type GatewayResponse, type MatchedRoute } from './gateway.js';
import { mountFunctionApi, unknownLambdaOperations } from './function-api.js';
import { mountInvokeApi } from './invoke-api.js';
import { processOutput, type HostOutput } from './logs.js';
import { loadManifest, type HostFunction } from './manifest.js';
import { FunctionService } from './function-service.js';
import { loadPrices } from './prices.js';
import { MAX_SYNC_PAYLOAD } from './protocol.js';
import { RuntimePool } from './runtime-pool.js';
import { STATUS_PATH, type HostStatus } from './status.js';
import { startScheduleRules } from './timers.js';
import { HOST_DIR_ENV } from '../src/store/config.js';

export interface HostOptions {
  /** The build output folder holding manifest.json. */
  dir: string;
  port: number;
  /** The address to listen on (default 127.0.0.1); beyond loopback a token is required. */
  host?: string;
  /** Host header names the control routes accept beyond loopback names, IP addresses and `host`. */
  allowedHosts?: string[];
  /** The secret the control routes require (bearer token, or SigV4 secret access key). */
  token?: string;
  /** Overrides every function's idle timeout. */
  idleTimeoutMs?: number;
  /** Requests that may wait per function once it is at maxInstances; past it, 429. */
  queueSize: number;
  /** Base delay before an async retry (the second retry waits twice as long). */
  retryDelayMs: number;
  /** How long a stop lets in-flight requests finish. */
  drainTimeoutMs: number;
  /** Started runtimes kept per memory size for cold starts to take; 0 spawns every instance from scratch. */
  runtimePool: number;
  /** A JSON file overriding the bill's list prices (runtime-host/prices.ts). */
  pricesFile?: string;
  output?: HostOutput;
}

interface RunningHost {
  url: string;
  port: number;
  /** Stops taking requests, drains (bounded), stops timers and instances. Pending async events stay on disk. */
  stop(): Promise<void>;
  /** Synchronous last resort for process exit: kills every instance. */
  killInstances(): void;
}

/** The compiled runtime client every instance runs. */
function bootstrapPath(): string {
  const path = fileURLToPath(new URL('./bootstrap.js', import.meta.url));
  if (!existsSync(path)) throw new Error(`the runtime client ${path} is missing: run npm run build`);
  return path;
}

/**
 * What the platform itself answers when the function crashed, timed out or cannot run: unlike an app's 5xx, its
 * message is the client's to see (as API Gateway's own errors are), so it is exposed.
 */
class PlatformError extends HttpError {
  override readonly expose = true;
}

/** The app's JSON error body (renderError, through the adapters' errorResponse) for an error the host raises itself. */
function errorAnswer(err: unknown, requestId: string): GatewayResponse {
  return { ...errorResponse(err, requestId), cookies: [] };
}

/** The client's own x-request-id when it is a sane token (as the app takes it), else the invocation's. */
function clientRequestId(incoming: string, fallback: string): string {
  return incoming && pickRequestId(incoming) === incoming ? incoming : fallback;
}

/**
 * A trigger's path as API Gateway writes it in route keys (`/users/{id}`). The host serves paths API Gateway
 * cannot express too (the build's descriptor is where they are refused), so those keep their Koa form.
 */
function routeKeyPath(path: string, functionName: string): string {
  try {
    return gatewayPath(path, functionName, 'API Gateway', true);
  } catch {
    return path;
  }
}

/** Sends a request to one function as API Gateway does, as an HTTP API (payload 2.0) event, and writes its answer. */
type Forward = (ctx: Koa.Context, route: MatchedRoute, allow?: string) => Promise<void>;

function forwarder(fn: HostFunction, service: FunctionService, output: HostOutput): Forward {
  return async (ctx, route, allow) => {
    ctx.respond = false;
    const requestId = randomUUID();
    const clientId = clientRequestId(ctx.get(REQUEST_ID_HEADER), requestId);
    const answer = (response: GatewayResponse) => writeResponse(ctx.res, ctx.method, response);
    let body: Buffer;
    try {
      body = await readBytes(ctx.req, MAX_SYNC_PAYLOAD);
    } catch (err) {
      return answer(errorAnswer(err, clientId));
    }
    const event = toApiGatewayV2Event(ctx.req, body, route, requestId);
    const payload = Buffer.from(JSON.stringify(event));
    if (payload.length > MAX_SYNC_PAYLOAD) return answer(errorAnswer(new PayloadTooLargeError(`the request is larger than the ${MAX_SYNC_PAYLOAD} byte invocation limit`), clientId));
    const { outcome } = await service.invoke({ payload, requestId });
    switch (outcome.kind) {
      case 'ok':
        try {
          const response = fromApiGatewayV2Result(outcome.payload);
          if (allow !== undefined && response.headers.allow !== undefined) response.headers.allow = allow;
          return answer(response);
        } catch (err) {
          if (!(err instanceof MalformedResultError)) throw err;
          output.err(`[${fn.name}] [${requestId}] malformed response: ${err.message}`);
          return answer(errorAnswer(new InternalServerError(), clientId));
        }
      case 'unavailable':
        return answer(errorAnswer(new PlatformError(503, 'the host is shutting down'), clientId));
      case 'throttled':
        return answer(errorAnswer(new TooManyRequestsError(`function ${fn.name} is throttled: all ${fn.maxInstances} instances are busy and its queue is full`), clientId));
      case 'timeout':
        return answer(errorAnswer(new PlatformError(504, `function ${fn.name} timed out: ${outcome.error.errorMessage}`), clientId));
      case 'crash':
        return answer(errorAnswer(new PlatformError(502, `function ${fn.name} crashed: ${outcome.error.errorType}`), clientId));
      case 'init':
        return answer(errorAnswer(new PlatformError(502, `function ${fn.name} failed to initialise: ${outcome.error.errorType}`), clientId));
      case 'error':
        output.err(`[${fn.name}] [${requestId}] unhandled function error: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
        return answer(errorAnswer(new InternalServerError(), clientId));
    }
  };
}

/** Every HTTP trigger of the manifest on one router, each route named after its function and answering through its instances. */
function gatewayRouter(functions: HostFunction[], forwards: Map<string, Forward>, output: HostOutput): Router {
  const router = new Router();
  const owners = new Map<string, string>();
  for (const fn of functions) {
    const forward = forwards.get(fn.name)!;
    for (const trigger of fn.triggers.filter(isHttpTrigger)) {
      const options = trigger.options as HttpTriggerOptions;
      for (const method of triggerMethods(options)) {
        const routeKey = `${method === 'all' ? 'ANY' : method.toUpperCase()} ${routeKeyPath(options.path, fn.name)}`;
        const owner = owners.get(routeKey);
        if (owner && owner !== fn.name) output.err(`[host] route ${routeKey} of ${fn.name} is already served by ${owner}: the first one wins`);
        owners.set(routeKey, owner ?? fn.name);
        router[method](fn.name, options.path, (ctx) => forward(ctx, { routeKey, params: { ...ctx.params } }));
      }
    }
  }
  return router;
}

/** The Allow value the app's router would send for this request over every function's routes (answerUnmatched), if any. */
function allowedOn(gateway: Router, method: string, path: string): string | undefined {
  try {
    return answerUnmatched(gateway, method, path).allow;
  } catch (err) {
    return errorHeaders(err).Allow;
  }
}

/**
 * A request no trigger takes is the app's to answer, as server mode answers it: its own middleware (a CORS
 * preflight for @koa/cors, a file for koa-static), filters and 404/405. It goes, on API Gateway's `$default` route,
 * to the function that owns the path, or for a path no function has to the app's first HTTP function, whose bundle
 * carries the app's global middleware and filters. A function's Allow names its own routes only, so the gateway
 * sends the one over every function on the path. With no HTTP function at all, the gateway answers itself.
 */
function unmatchedRequests(gateway: Router, functions: HostFunction[], forwards: Map<string, Forward>): Koa.Middleware {
  const fallback = functions.find((fn) => fn.triggers.some(isHttpTrigger))?.name;
  return async (ctx) => {
    const owner = gateway.match(ctx.path, ctx.method).path[0]?.name ?? fallback;
    if (owner) return forwards.get(owner)!(ctx, { routeKey: '$default', params: {} }, allowedOn(gateway, ctx.method, ctx.path));
    ctx.respond = false;
    ctx.req.resume();
    writeResponse(ctx.res, ctx.method, errorAnswer(new NotFoundError(`no route for ${ctx.method} ${ctx.path}`), pickRequestId(ctx.get(REQUEST_ID_HEADER))));
  };
}

/**
 * Starts the runtime host on a build output folder: the HTTP gateway for every HTTP trigger, the Lambda Invoke
 * API, /-/status, the async queue (recovering what a previous run left) and the timers; minInstances boot now.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const output = options.output ?? processOutput;
  const listenHost = options.host ?? LOOPBACK_HOST;
  const token = options.token || undefined;
  if (!token && !isLoopback(listenHost)) {
    throw new Error(`wick host --host ${listenHost} listens beyond this machine: give it a token (--token <secret> or WICK_HOST_TOKEN) that its control routes (the Invoke API, /-/status) require`);
  }
  const manifest = loadManifest(options.dir, options.idleTimeoutMs);
  const bootstrap = bootstrapPath();
  // The function's own variables (what GetFunction lists as its Environment), beside the runtime's PATH and LANG.
  const environment = { WICK_ENV: process.env.WICK_ENV || 'prod' };
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    ...environment,
    // The embedded store keeps its file in the host's folder, so every instance of every function shares it.
    [HOST_DIR_ENV]: manifest.dir,
  };
  const memorySizes = [...new Set(manifest.functions.map((fn) => fn.memorySize))];
  // Waiting runtimes get what is common to every instance; TZ is UTC for each, as in Lambda.
  const pool = new RuntimePool({ size: options.runtimePool, memorySizes, bootstrap, env: { ...baseEnv, TZ: 'UTC' }, cwd: manifest.dir, output });
  const ledger = new UsageLedger(manifest.dir, output);
  const prices = loadPrices(options.pricesFile);
  const services = new Map(manifest.functions.map((fn) => [fn.name, new FunctionService(fn, { bootstrap, baseEnv, output, queueSize: options.queueSize, pool, ledger })]));
  const queue = new AsyncQueue(manifest.dir, services, options.retryDelayMs, output);
  const startedAt = Date.now();

  const app = new Koa();
  app.silent = true;
  app.on('error', (err: Error) => output.err(`[host] ${err.stack ?? err.message}`));
  const own = new Router();
  own.get(STATUS_PATH, (ctx) => {
    const status: HostStatus = {
      app: manifest.app,
      pid: process.pid,
      uptimeMs: Date.now() - startedAt,
      runtimePool: pool.status(),
      asyncQueue: queue.status(),
      functions: Object.fromEntries([...services].map(([name, service]) => [name, { ...service.status(), asyncPending: queue.pending(name) }])),
    };
    ctx.body = status;
  });
  own.get(BILL_PATH, (ctx) => {
    ctx.body = priceUsage(ledger.snapshot(Object.fromEntries([...services].map(([name, service]) => [name, service.liveInstanceMs()]))), prices);
  });
  mountInvokeApi(own, services, queue);
  mountFunctionApi(own, { functions: manifest.functions, runtime: manifest.runtime, builtAt: manifest.builtAt, environment });
  const forwards = new Map(manifest.functions.map((fn) => [fn.name, forwarder(fn, services.get(fn.name)!, output)]));
  const gateway = gatewayRouter(manifest.functions, forwards, output);
  app.use(controlAccess({ boundHost: listenHost, allowedHosts: options.allowedHosts ?? [], token }));
  app.use(own.routes());
  app.use(unknownLambdaOperations());
  app.use(gateway.routes());
  app.use(unmatchedRequests(gateway, manifest.functions, forwards));

  const server: Server = createServer(app.callback());
  answerTunnelsAndUpgrades(server);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, listenHost, () => resolve()));
  const { port, address } = server.address() as AddressInfo;

  const recovered = queue.recover();
  if (recovered) output.out(`[host] ${recovered} queued async event(s) from a previous run`);
  const stopTimers = startScheduleRules(manifest.functions, queue);
  for (const service of services.values()) service.start();
  pool.start();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const deadline = Date.now() + options.drainTimeoutMs;
      stopTimers();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([queue.stop(deadline), pool.stop(), ...[...services.values()].map((service) => service.stop(deadline))]);
      server.closeAllConnections();
      ledger.flush();
      await closed;
    })();
    return stopping;
  };
  return {
    url: `http://${urlHost(address)}:${port}`,
    port,
    stop,
    killInstances: () => {
      pool.killNow();
      services.forEach((service) => service.killNow());
    },
  };
}
