/**
 * The runtime client an instance runs: `node bootstrap.js` inside a function's folder, speaking the AWS Lambda
 * Runtime API to the host over HTTP, as Lambda's own Node.js runtime does. It loads `$LAMBDA_TASK_ROOT/<file>.js`
 * (from `_HANDLER`), boots the app with its `ready()` during init (so init time is measured as init and init
 * errors go to /runtime/init/error), then runs `WICK_RUNTIME_CONCURRENCY` polling loops, each doing
 * next → handler(event, context) → response or error.
 *
 * Only Node built-ins: this file is what every cold start loads first.
 */
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type LambdaContext } from '../adapters/aws-lambda/types.js';
import { CONCURRENCY_ENV, HEADERS, RUNTIME_PREFIX, toLambdaError } from './protocol.js';

type Handler = (event: unknown, context: LambdaContext, callback?: (err?: unknown, result?: unknown) => void) => unknown;

const api = process.env.AWS_LAMBDA_RUNTIME_API;
const [apiHost, apiPort] = (api ?? '').split(':');
const agent = new Agent({ keepAlive: true });

/** The host is gone (killed, even with SIGKILL): an instance never outlives it. */
function hostGone(): never {
  process.exit(129);
}

function call(method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: apiHost, port: Number(apiPort), method, path: RUNTIME_PREFIX + path, agent, headers: body === undefined ? headers : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parsed(json: string | undefined): unknown {
  if (!json) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function contextFor(headers: IncomingHttpHeaders): LambdaContext {
  const deadline = Number(header(headers, HEADERS.deadline));
  const clientContext = parsed(header(headers, HEADERS.clientContext)) as LambdaContext['clientContext'];
  const identity = parsed(header(headers, HEADERS.cognitoIdentity)) as LambdaContext['identity'];
  return {
    awsRequestId: header(headers, HEADERS.requestId)!,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? '',
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: header(headers, HEADERS.functionArn) ?? '',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '',
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    callbackWaitsForEmptyEventLoop: true,
    ...(clientContext !== undefined && { clientContext }),
    ...(identity !== undefined && { identity }),
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

async function loop(handler: Handler): Promise<never> {
  for (;;) {
    const next = await call('GET', '/invocation/next').catch(hostGone);
    if (next.status !== 200) hostGone();
    const context = contextFor(next.headers);
    // As Lambda's Node.js runtime does, for tracing SDKs.
    const trace = header(next.headers, HEADERS.traceId);
    if (trace) process.env._X_AMZN_TRACE_ID = trace;
    else delete process.env._X_AMZN_TRACE_ID;
    const id = encodeURIComponent(context.awsRequestId);
    let outcome: { path: string; body: string; headers?: Record<string, string> };
    try {
      const event = JSON.parse(next.body);
      const result = await run(handler, event, context);
      outcome = { path: `/invocation/${id}/response`, body: JSON.stringify(result) ?? 'null' };
    } catch (err) {
      const error = toLambdaError(err);
      // As Lambda's runtime does, the error also goes to the function's log.
      process.stderr.write(`ERROR\tInvoke Error\t${JSON.stringify(error)}\n`);
      outcome = { path: `/invocation/${id}/error`, body: JSON.stringify(error), headers: { [HEADERS.errorType]: error.errorType } };
    }
    await call('POST', outcome.path, outcome.body, outcome.headers).catch(hostGone);
  }
}

/** `index.handler` → file `index`, export `handler`; nested paths (`src/app.main`) work as in Lambda. */
function splitHandler(spec: string): { file: string; name: string } {
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) throw Object.assign(new Error(`Bad handler ${spec}: expected <file>.<export>`), { name: 'Runtime.MalformedHandlerName' });
  return { file: spec.slice(0, dot), name: spec.slice(dot + 1) };
}

async function init(): Promise<Handler> {
  const { file, name } = splitHandler(process.env._HANDLER ?? 'index.handler');
  const root = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
  let artifact: Record<string, unknown>;
  try {
    artifact = createRequire(join(root, 'bootstrap-loader.cjs'))(join(root, `${file}.js`));
  } catch (err) {
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { name: 'Runtime.ImportModuleError' });
  }
  const handler = artifact[name];
  if (typeof handler !== 'function') throw Object.assign(new Error(`${file}.${name} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  // A Wick artifact boots its app in ready(); Lambda would only boot on the first invocation.
  if (typeof artifact.ready === 'function') await (artifact.ready as () => unknown)();
  return handler as Handler;
}

async function main(): Promise<void> {
  if (!api) {
    process.stderr.write('AWS_LAMBDA_RUNTIME_API is not set: this is the runtime client of `wick host`, started by it\n');
    process.exit(1);
  }
  // The host holds the other end of stdin: when it dies, even by SIGKILL, this ends.
  process.stdin.on('end', hostGone).on('error', hostGone).resume();
  let handler: Handler;
  try {
    handler = await init();
  } catch (err) {
    const error = toLambdaError(err, 'Runtime.UnknownError');
    // The whole error, causes included, goes to the log; the Runtime API gets Lambda's summary of it.
    process.stderr.write(`INIT_ERROR\t${inspect(err)}\n`);
    await call('POST', '/init/error', JSON.stringify(error), { [HEADERS.errorType]: error.errorType }).catch(hostGone);
    process.exit(1);
  }
  const concurrency = Math.max(1, Number(process.env[CONCURRENCY_ENV] ?? 1) || 1);
  for (let i = 0; i < concurrency; i++) void loop(handler);
}

void main();
