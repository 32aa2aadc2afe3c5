import { randomUUID } from 'node:crypto';
import { type ServerResponse } from 'node:http';
import type Router from '@koa/router';
import { type AsyncQueue } from './async-queue.js';
import { PayloadTooLargeError } from '../src/errors/http-errors.js';
import { readBytes } from '../src/http/request-body.js';
import { type Outcome } from './instance.js';
import { type FunctionService, type InvokeRequest } from './function-service.js';
import { parseFunctionArn } from '../adapters/aws-lambda/identifiers.js';
import { functionArn, MAX_SYNC_PAYLOAD } from './protocol.js';

const INVOKE_PATH = '/2015-03-31/functions/:name/invocations';

/** Event (asynchronous) payloads: Lambda's limit is 1 MB. */
const MAX_ASYNC_PAYLOAD = 1024 * 1024;

const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun']);

function send(res: ServerResponse, status: number, requestId: string, body?: Buffer | string, headers: Record<string, string> = {}): void {
  const bytes = body === undefined ? undefined : Buffer.from(body);
  res.writeHead(status, {
    'x-amzn-requestid': requestId,
    ...(bytes ? { 'content-type': 'application/json', 'content-length': String(bytes.length) } : status === 204 ? {} : { 'content-length': '0' }),
    ...headers,
  });
  res.end(bytes);
}

/** Lambda's error responses: the code in X-Amzn-ErrorType, `{ Type, Message }` in the body. */
function awsError(res: ServerResponse, status: number, code: string, message: string, requestId: string, extra: Record<string, string> = {}): void {
  send(res, status, requestId, JSON.stringify({ Type: 'User', Message: message, ...extra }), { 'x-amzn-errortype': code });
}

/** `name`, `name:$LATEST` or a function ARN; any other qualifier names a version the host does not have. */
function parseFunctionName(raw: string): { name: string; qualifier?: string } {
  const name = decodeURIComponent(raw);
  const arn = parseFunctionArn(name);
  if (arn) return arn;
  const [plain, qualifier] = name.split(':');
  return { name: plain, qualifier };
}

/** What the Invoke API runs functions on: the host's instance pools, or the app itself in `wick dev`. */
export interface InvokeTarget {
  has(name: string): boolean;
  invoke(name: string, request: InvokeRequest): Promise<Outcome>;
  /** An `Event` invocation, acknowledged with 202 before it runs. */
  enqueue(name: string, event: unknown, requestId: string): void;
}

/** The host's functions: each on its instance pool, `Event` invocations through the durable queue. */
export function mountInvokeApi(router: Router, services: Map<string, FunctionService>, queue: AsyncQueue): void {
  mountInvokeApiOn(router, {
    has: (name) => services.has(name),
    invoke: async (name, request) => (await services.get(name)!.invoke(request)).outcome,
    enqueue: (name, event, requestId) => queue.enqueue(name, event, requestId),
  });
}

/**
 * The AWS Lambda Invoke API (`POST /2015-03-31/functions/<name>/invocations`), so the AWS CLI and SDKs can call
 * the host: `RequestResponse` answers with the function's result (a function error, timeout or crash as 200 with
 * X-Amz-Function-Error: Unhandled), `Event` queues the event (202), `DryRun` only checks (204).
 */
export function mountInvokeApiOn(router: Router, target: InvokeTarget): void {
  router.post(INVOKE_PATH, async (ctx) => {
    ctx.respond = false;
    const { res } = ctx;
    const requestId = randomUUID();
    const { name, qualifier } = parseFunctionName(ctx.params.name);
    const qualifierParam = typeof ctx.query.Qualifier === 'string' ? ctx.query.Qualifier : undefined;
    const version = qualifierParam ?? qualifier;
    if (!target.has(name) || (version !== undefined && version !== '$LATEST')) {
      ctx.req.resume();
      return awsError(res, 404, 'ResourceNotFoundException', `Function not found: ${functionArn(name)}${version ? `:${version}` : ''}`, requestId);
    }
    const type = ctx.get('x-amz-invocation-type') || 'RequestResponse';
    if (!INVOCATION_TYPES.has(type)) {
      ctx.req.resume();
      return awsError(res, 400, 'InvalidParameterValueException', `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`, requestId);
    }
    const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
    let body: Buffer;
    try {
      body = await readBytes(ctx.req, limit);
    } catch (err) {
      if (err instanceof PayloadTooLargeError) {
        return awsError(res, 413, 'RequestEntityTooLargeException', `Request must be smaller than ${limit} bytes for the Invoke operation`, requestId);
      }
      return awsError(res, 400, 'InvalidRequestContentException', (err as Error).message, requestId);
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
    const outcome = await target.invoke(name, { payload, requestId, clientContext });
    switch (outcome.kind) {
      case 'ok':
        return send(res, 200, requestId, outcome.payload, { 'x-amz-executed-version': '$LATEST' });
      case 'throttled':
        return awsError(res, 429, 'TooManyRequestsException', 'Rate Exceeded.', requestId, { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
      case 'unavailable':
        return awsError(res, 503, 'ServiceException', 'The host is shutting down.', requestId);
      default:
        return send(res, 200, requestId, JSON.stringify(outcome.error), { 'x-amz-executed-version': '$LATEST', 'x-amz-function-error': 'Unhandled' });
    }
  });
}
