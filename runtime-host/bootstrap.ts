/**
 * The runtime client an instance runs: `node bootstrap.js` inside a function's folder, speaking the AWS Lambda
 * Runtime API to the host over HTTP, as Lambda's own Node.js runtime does. It loads `$LAMBDA_TASK_ROOT/<file>.js`
 * (from `_HANDLER`), boots the app with its `ready()` during init (so init time is measured as init and init
 * errors go to /runtime/init/error), then runs `WICK_RUNTIME_CONCURRENCY` polling loops, each doing
 * next → handler(event, context) → response or error. Started by the runtime pool (POOL_ENV), it first waits,
 * loaded but with no function, until the host tells it which function it is.
 *
 * Only Node built-ins: this file is what every cold start loads first.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type LambdaContext } from '../adapters/aws-lambda/types.js';
import { RuntimeConnection, type RuntimeResponse } from './runtime-connection.js';
import { CONCURRENCY_ENV, HEADERS, POOL_ENV, POOL_READY, RUNTIME_PREFIX, takeAttempt, toLambdaError, type LambdaError, type RuntimeAssignment } from './protocol.js';

type Handler = (event: unknown, context: LambdaContext, callback?: (err?: unknown, result?: unknown) => void) => unknown;

/** The Runtime API (AWS_LAMBDA_RUNTIME_API), known once the process knows its function. */
let apiHost = '';
let apiPort = 0;
/** The invocations being handled now: an uncaught exception fails them. */
const inFlight = new Set<string>();
/** Answers posted and not yet acknowledged: an exit waits for them, so the host has them before it sees the exit. */
const answering = new Set<Promise<unknown>>();
let initialised = false;
let dying = false;

/** The host is gone (killed, even with SIGKILL): an instance never outlives it. */
function hostGone(): never {
  process.exit(129);
}

type Send = (method: 'GET' | 'POST', path: string, body?: string, headers?: Record<string, string>) => Promise<RuntimeResponse>;

/** A request outside the polling loops (init and fatal errors), on a connection of its own. */
const call: Send = async (method, path, body, headers) => {
  const connection = new RuntimeConnection(apiHost, apiPort);
  try {
    return await connection.request(method, RUNTIME_PREFIX + path, body, headers);
  } finally {
    connection.close();
  }
};

function parsed(json: string | undefined): unknown {
  if (!json) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** Lambda's context, plus the attempt of an async event the host's queue runs (Lambda itself gives none). */
type HostContext = LambdaContext & { attempt?: number };

function contextFor(headers: RuntimeResponse['headers']): HostContext {
  const deadline = Number(headers[HEADERS.deadline]);
  const { attempt, clientContext } = takeAttempt(parsed(headers[HEADERS.clientContext])) as { attempt?: number; clientContext?: LambdaContext['clientContext'] };
  const identity = parsed(headers[HEADERS.cognitoIdentity]) as LambdaContext['identity'];
  return {
    awsRequestId: headers[HEADERS.requestId]!,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? '',
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: headers[HEADERS.functionArn] ?? '',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '',
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    callbackWaitsForEmptyEventLoop: true,
    ...(clientContext !== undefined && { clientContext }),
    ...(identity !== undefined && { identity }),
    ...(attempt !== undefined && { attempt }),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Async handlers return a promise; callback-style ones (three parameters) answer through the callback. */
function run(handler: Handler, event: unknown, context: LambdaContext): Promise<unknown> {
  if (handler.length < 3) return Promise.resolve().then(() => handler(event, context));
  return new Promise((resolve, reject) => {
    const result = handler(event, context, (err, value) => (err ? reject(err) : resolve(value)));
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(resolve, reject);
  });
}

/** As Lambda's runtime does, an error also goes to the function's log: `ERROR <what> <the error as JSON>`. */
function logError(what: string, error: LambdaError): void {
  process.stderr.write(`ERROR\t${what}\t${JSON.stringify(error)}\n`);
}

/** Error names Lambda's Node.js runtime gives the failures that are its own, not the function's. */
function runtimeError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name: `Runtime.${name}` });
}

function errorPost(path: string, error: LambdaError, send = call): Promise<unknown> {
  return send('POST', path, JSON.stringify(error), { [HEADERS.errorType]: error.errorType });
}

/**
 * An uncaught exception or unhandled rejection, as Lambda's Node.js runtime handles it: logged, reported as the
 * error of what runs now (the init, or the invocations in flight; none once they have answered), then the process
 * exits (129, or 128 for a rejection) and the host replaces it.
 */
async function fatal(what: string, err: unknown, exitCode: number): Promise<never> {
  if (!dying) {
    dying = true;
    const error = toLambdaError(err);
    logError(what, error);
    const paths = initialised ? [...inFlight].map((id) => `/invocation/${encodeURIComponent(id)}/error`) : ['/init/error'];
    await Promise.allSettled([...answering, ...paths.map((path) => errorPost(path, error))]);
  }
  process.exit(exitCode);
}

/**
 * One polling loop on its own connection. An answer is not awaited before the next `next`: both go out in one
 * write, pipelined, and their replies come back in order.
 */
async function loop(handler: Handler, connection: RuntimeConnection): Promise<never> {
  const send: Send = (method, path, body, headers) => connection.request(method, RUNTIME_PREFIX + path, body, headers);
  for (;;) {
    const next = await send('GET', '/invocation/next').catch(hostGone);
    if (next.status !== 200) hostGone();
    const context = contextFor(next.headers);
    // As Lambda's Node.js runtime does, for tracing SDKs.
    const trace = next.headers[HEADERS.traceId];
    if (trace) process.env._X_AMZN_TRACE_ID = trace;
    else delete process.env._X_AMZN_TRACE_ID;
    const id = encodeURIComponent(context.awsRequestId);
    inFlight.add(context.awsRequestId);
    let answer: () => Promise<unknown>;
    try {
      const event = JSON.parse(next.body);
      const body = JSON.stringify(await run(handler, event, context)) ?? 'null';
      answer = () => send('POST', `/invocation/${id}/response`, body);
    } catch (err) {
      const error = toLambdaError(err);
      logError('Invoke Error', error);
      answer = () => errorPost(`/invocation/${id}/error`, error, send);
    }
    inFlight.delete(context.awsRequestId);
    const answered = answer().catch(hostGone);
    answering.add(answered);
    void answered.then(() => answering.delete(answered));
  }
}

/** `index.handler` → file `index`, export `handler`; nested paths (`src/app.main`) work as in Lambda. */
function splitHandler(spec: string): { file: string; name: string } {
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) throw runtimeError('MalformedHandlerName', `Bad handler ${spec}: expected <file>.<export>`);
  return { file: spec.slice(0, dot), name: spec.slice(dot + 1) };
}

/**
 * Loads the artifact. As Lambda's Node.js runtime reports it, a module that cannot be found is
 * Runtime.ImportModuleError and a syntax error Runtime.UserCodeSyntaxError (both with the original error as their
 * message); anything else the module throws while it loads is reported as itself.
 */
function loadArtifact(root: string, file: string): Record<string, unknown> {
  try {
    return createRequire(join(root, 'bootstrap-loader.cjs'))(join(root, `${file}.js`));
  } catch (err) {
    if (err instanceof SyntaxError) throw Object.assign(runtimeError('UserCodeSyntaxError', String(err)), { stack: err.stack });
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw runtimeError('ImportModuleError', String(err));
    throw err;
  }
}

async function init(): Promise<Handler> {
  const { file, name } = splitHandler(process.env._HANDLER ?? 'index.handler');
  const root = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
  const artifact = loadArtifact(root, file);
  const handler = artifact[name];
  if (typeof handler !== 'function') throw runtimeError('HandlerNotFound', `${file}.${name} is undefined or not exported`);
  // A Wick artifact boots its app in ready(); Lambda would only boot on the first invocation.
  if (typeof artifact.ready === 'function') await (artifact.ready as () => unknown)();
  return handler as Handler;
}

/**
 * Node built-ins a Wick artifact requires (its bundle keeps them external): a pooled process loads them while it
 * waits, so a cold start from the pool pays only for the function's own code, as on a platform's warm runtime.
 * They cost more than in a plain `node`: the heap limit flag (--max-old-space-size) makes V8 refuse Node's code
 * cache for its built-ins (v8.cachedDataVersionTag() changes), so each compiles from source.
 */
const COMMON_MODULES = [
  'node:assert',
  'node:async_hooks',
  'node:crypto',
  'node:events',
  'node:fs',
  'node:fs/promises',
  'node:http',
  'node:net',
  'node:os',
  'node:perf_hooks',
  'node:querystring',
  'node:readline',
  'node:stream',
  'node:url',
  'node:v8',
  'node:zlib',
];

/** The first line the host writes on stdin: the function this pooled process becomes. */
function assignment(): Promise<RuntimeAssignment> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const take = (chunk: Buffer) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\n');
      if (end < 0) return;
      process.stdin.off('data', take);
      resolve(JSON.parse(text.slice(0, end)) as RuntimeAssignment);
    };
    process.stdin.on('data', take);
  });
}

/** A pooled process: loads what every instance needs, says so, then takes the environment and folder of its function. */
async function becomeFunction(): Promise<void> {
  const load = createRequire(import.meta.url);
  for (const name of COMMON_MODULES) load(name);
  // Node loads these web globals on first touch (undici, webstreams: some 70 modules), and Koa's body setter
  // touches them on every app's first response.
  void [globalThis.ReadableStream, globalThis.Blob, globalThis.Response];
  const assigned = assignment();
  process.stdout.write(`${POOL_READY}\n`);
  const { cwd, env } = await assigned;
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, env);
  process.chdir(cwd);
}

async function main(): Promise<void> {
  // The host holds the other end of stdin: when it dies, even by SIGKILL, this ends.
  process.stdin.on('end', hostGone).on('error', hostGone).resume();
  if (process.env[POOL_ENV]) await becomeFunction();
  const api = process.env.AWS_LAMBDA_RUNTIME_API;
  if (!api) {
    process.stderr.write('AWS_LAMBDA_RUNTIME_API is not set: this is the runtime client of `wick host`, started by it\n');
    process.exit(1);
  }
  const [host, port] = api.split(':');
  apiHost = host;
  apiPort = Number(port);
  process.on('uncaughtException', (err) => void fatal('Uncaught Exception', err, 129));
  process.on('unhandledRejection', (reason) => void fatal('Unhandled Promise Rejection', runtimeError('UnhandledPromiseRejection', String(reason)), 128));
  // Opened before the init: the Runtime API checks once per connection that it comes from this instance (peer.ts),
  // and that check runs while the artifact loads instead of before the first `next`.
  const concurrency = Math.max(1, Number(process.env[CONCURRENCY_ENV] ?? 1) || 1);
  const connections = Array.from({ length: concurrency }, () => new RuntimeConnection(apiHost, apiPort));
  let handler: Handler;
  try {
    handler = await init();
  } catch (err) {
    // The whole error, causes included, goes to the log; the Runtime API gets Lambda's summary of it.
    process.stderr.write(`INIT_ERROR\t${inspect(err)}\n`);
    await errorPost('/init/error', toLambdaError(err)).catch(hostGone);
    process.exit(1);
  }
  initialised = true;
  for (const connection of connections) void loop(handler, connection);
}

void main();
