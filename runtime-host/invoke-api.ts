import { randomUUID } from 'node:crypto';
import type Router from '@koa/router';
import { type AsyncQueue } from './async-queue.js';
import { controlBody } from './control-access.js';
import { parseClientContext } from './client-context.js';
import { type Outcome } from './instance.js';
import { type FunctionService, type InvokeRequest } from './function-service.js';
import { answerBodyError, awsError, enumViolation, send, servedFunction } from './lambda-api.js';
import { MAX_SYNC_PAYLOAD } from './protocol.js';

const INVOKE_PATH = '/2015-03-31/functions/:name/invocations';

/** Event (asynchronous) payloads: Lambda's limit is 1 MB. */
const MAX_ASYNC_PAYLOAD = 1024 * 1024;

const INVOCATION_TYPES = new Set(['Event', 'RequestResponse', 'DryRun']);
const LOG_TYPES = new Set(['None', 'Tail']);

/** What the Invoke API runs functions on: the host's instance pools, or the app itself in `wick dev`. */
export interface InvokeTarget {
  has(name: string): boolean;
  /** How the invocation ended and, when the request asked for the tail (and the target keeps logs), its log's last 4 KB in base64. */
  invoke(name: string, request: InvokeRequest): Promise<{ outcome: Outcome; log?: string }>;
  /** An `Event` invocation, acknowledged with 202 before it runs. */
  enqueue(name: string, event: unknown, requestId: string): void;
}

/** The host's functions: each on its instance pool, `Event` invocations through the durable queue. */
export function mountInvokeApi(router: Router, services: Map<string, FunctionService>, queue: AsyncQueue): void {
  mountInvokeApiOn(router, {
    has: (name) => services.has(name),
    invoke: (name, request) => services.get(name)!.invoke(request),
    enqueue: (name, event, requestId) => queue.enqueue(name, event, requestId),
  });
}

/**
 * The AWS Lambda Invoke API (`POST /2015-03-31/functions/<name>/invocations`), so the AWS CLI and SDKs can call
 * the host: `RequestResponse` answers with the function's result (a function error, timeout or crash as 200 with
 * X-Amz-Function-Error: Unhandled) and, with LogType Tail, its log in X-Amz-Log-Result; `Event` queues the event
 * (202), `DryRun` only checks (204).
 */
export function mountInvokeApiOn(router: Router, target: InvokeTarget): void {
  router.post(INVOKE_PATH, async (ctx) => {
    ctx.respond = false;
    const { res } = ctx;
    const requestId = randomUUID();
    const name = servedFunction(ctx, requestId, (candidate) => target.has(candidate));
    if (name === undefined) return void ctx.req.resume();
    const type = ctx.get('x-amz-invocation-type') || 'RequestResponse';
    const logType = ctx.get('x-amz-log-type') || 'None';
    const invalid = enumViolation(type, 'invocationType', INVOCATION_TYPES) ?? enumViolation(logType, 'logType', LOG_TYPES);
    if (invalid) {
      ctx.req.resume();
      return awsError(res, 400, 'InvalidParameterValueException', invalid, requestId);
    }
    const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
    let body: Buffer;
    try {
      body = await controlBody(ctx, limit);
    } catch (err) {
      return answerBodyError(res, err, limit, requestId);
    }
    // No payload is `{}`, as Lambda invokes with an empty object.
    const payload = body.toString('utf8').trim() === '' ? Buffer.from('{}') : body;
    let event: unknown;
    try {
      event = JSON.parse(payload.toString('utf8'));
    } catch (err) {
      return awsError(res, 400, 'InvalidRequestContentException', `Could not parse request body into json: ${(err as Error).message}`, requestId);
    }
    if (type === 'DryRun') return send(res, 204, requestId);
    if (type === 'Event') {
      target.enqueue(name, event, requestId);
      return send(res, 202, requestId, undefined, { 'x-amz-executed-version': '$LATEST' });
    }
    const clientContext = ctx.get('x-amz-client-context') || undefined;
    const checked = clientContext === undefined ? undefined : parseClientContext(clientContext);
    if (checked && 'invalid' in checked) return awsError(res, 400, 'InvalidRequestContentException', checked.invalid, requestId);
    const { outcome, log } = await target.invoke(name, { payload, requestId, clientContext, logTail: logType === 'Tail' });
    const ran = { 'x-amz-executed-version': '$LATEST', ...(log !== undefined && { 'x-amz-log-result': log }) };
    switch (outcome.kind) {
      case 'ok':
        return send(res, 200, requestId, outcome.payload, ran);
      case 'throttled':
        return awsError(res, 429, 'TooManyRequestsException', 'Rate Exceeded.', requestId, { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
      case 'unavailable':
        return awsError(res, 503, 'ServiceException', 'The host is shutting down.', requestId);
      default:
        return send(res, 200, requestId, JSON.stringify(outcome.error), { ...ran, 'x-amz-function-error': 'Unhandled' });
    }
  });
}
