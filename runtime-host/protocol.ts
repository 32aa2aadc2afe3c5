/**
 * The AWS Lambda Runtime API as the host and its runtime client share it: the documented paths, headers and
 * limits (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html), plus the one variable Wick adds, and
 * the account and region every local ARN and event names.
 */

import { type PlatformName } from '../adapters/registry.js';

export { LOCAL_ACCOUNT_ID as ACCOUNT_ID, LOCAL_REGION as REGION, functionArn } from '../adapters/aws-lambda/identifiers.js';

/** The platform whose artifacts the host runs: it speaks the Lambda Runtime API, so a host build carries the AWS adapter. */
export const HOST_RUNS: PlatformName = 'aws';

export const RUNTIME_PREFIX = '/2018-06-01/runtime';

/** Read by the runtime client: how many polling loops (invocations at once) one instance runs. */
export const CONCURRENCY_ENV = 'WICK_RUNTIME_CONCURRENCY';

/**
 * A pooled runtime process (runtime-pool.ts) is started with this variable and no function: once loaded it writes
 * POOL_READY on stdout, then waits for one RuntimeAssignment as a JSON line on stdin and becomes that function's
 * instance. The assignment's environment replaces the whole of process.env, this variable included.
 */
export const POOL_ENV = 'WICK_RUNTIME_POOL';
export const POOL_READY = 'wick runtime pool: ready';

/** What a pooled process is told when it becomes a function's instance: what a fresh instance is spawned with. */
export interface RuntimeAssignment {
  cwd: string;
  env: Record<string, string>;
}

export const HEADERS = {
  requestId: 'lambda-runtime-aws-request-id',
  deadline: 'lambda-runtime-deadline-ms',
  functionArn: 'lambda-runtime-invoked-function-arn',
  traceId: 'lambda-runtime-trace-id',
  clientContext: 'lambda-runtime-client-context',
  cognitoIdentity: 'lambda-runtime-cognito-identity',
  errorType: 'lambda-runtime-function-error-type',
} as const;

/**
 * The attempt of an async event (1, 2, 3) reaches the runtime client in the invocation's client context, under this
 * key of `custom`: the Runtime API has no header for it, and Lambda hands an async invocation no client context, so
 * the queue's is the only one such an invocation carries; one a caller sends loses the key (client-context.ts). The
 * runtime client moves it to the context's `attempt`.
 */
export const ATTEMPT_KEY = 'wick-attempt';

/** A client context object with the attempt the runtime client is to tell the handler. */
export function withAttempt(clientContext: Record<string, unknown>, attempt: number): Record<string, unknown> {
  const custom = (clientContext.custom ?? {}) as Record<string, unknown>;
  return { ...clientContext, custom: { ...custom, [ATTEMPT_KEY]: attempt } };
}

/** Splits the attempt out of a client context as the runtime client parsed it; what remains, if anything, is the caller's. */
export function takeAttempt(clientContext: unknown): { attempt?: number; clientContext?: unknown } {
  const { custom, ...others } = (clientContext ?? {}) as { custom?: Record<string, unknown> };
  const attempt = custom?.[ATTEMPT_KEY];
  if (typeof attempt !== 'number') return { clientContext };
  const { [ATTEMPT_KEY]: _attempt, ...rest } = custom!;
  const remaining = Object.keys(rest).length ? { ...others, custom: rest } : others;
  return { attempt, ...(Object.keys(remaining).length && { clientContext: remaining }) };
}

/** Synchronous invocation request and response payloads: 6 MB. */
export const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;

/**
 * What a runtime posts to /error and /init/error, and what Invoke returns for an unhandled error. Lambda's Node.js
 * runtime sends `trace` (the stack's lines, the first being `<type>: <message>`); the Runtime API documents
 * `stackTrace`, which other runtime clients send: whichever came is passed on.
 */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
  stackTrace?: string[];
}

/**
 * What Lambda's Node.js runtime reports for a thrown value: an error's name, message and stack lines; anything
 * else as its type and its text, with an empty trace.
 */
export function toLambdaError(err: unknown): LambdaError {
  if (err instanceof Error) return { errorType: err.name, errorMessage: err.message, trace: err.stack?.split('\n') ?? [] };
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}
