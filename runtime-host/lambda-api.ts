/*
 * What every route of the host's AWS Lambda API shares: the answer format (the request id in x-amzn-RequestId,
 * errors as Lambda writes them) and the FunctionName path parameter.
 */
import { type ServerResponse } from 'node:http';
import type Koa from 'koa';
import { functionArn, parseFunctionArn } from '../adapters/aws-lambda/identifiers.js';
import { PayloadTooLargeError } from '../src/errors/http-errors.js';

/** Every Lambda API path starts with its version date (`/2015-03-31/functions`, `/2018-10-31/layers`, ...). */
export const LAMBDA_API_PATH = /^\/\d{4}-\d{2}-\d{2}\//;

export function send(res: ServerResponse, status: number, requestId: string, body?: Buffer | string, headers: Record<string, string> = {}): void {
  const bytes = body === undefined ? undefined : Buffer.from(body);
  res.writeHead(status, {
    'x-amzn-requestid': requestId,
    ...(bytes ? { 'content-type': 'application/json', 'content-length': String(bytes.length) } : status === 204 ? {} : { 'content-length': '0' }),
    ...headers,
  });
  res.end(bytes);
}

/** Lambda's error responses: the code in X-Amzn-ErrorType (the SDKs name the exception after it), `{ Type, Message }` in the body. */
export function awsError(res: ServerResponse, status: number, code: string, message: string, requestId: string, extra: Record<string, string> = {}): void {
  send(res, status, requestId, JSON.stringify({ Type: 'User', Message: message, ...extra }), { 'x-amzn-errortype': code });
}

/** A request body that could not be read whole: over `limit` (413), or cut short or broken (400). */
export function answerBodyError(res: ServerResponse, err: unknown, limit: number, requestId: string): void {
  if (err instanceof PayloadTooLargeError) {
    return awsError(res, 413, 'RequestEntityTooLargeException', `Request must be smaller than ${limit} bytes for the Invoke operation`, requestId);
  }
  awsError(res, 400, 'InvalidRequestContentException', (err as Error).message, requestId);
}

/** Lambda's validation message when an enum parameter is outside its values; undefined when it is one of them. */
export function enumViolation(value: string, parameter: string, values: ReadonlySet<string>): string | undefined {
  if (values.has(value)) return undefined;
  return `1 validation error detected: Value '${value}' at '${parameter}' failed to satisfy constraint: Member must satisfy enum value set: [${[...values].join(', ')}]`;
}

/** `name`, `name:$LATEST` or a function ARN; any other qualifier (here or in `?Qualifier=`) names a version the host does not have. */
function parseFunctionName(text: string, qualifierParam: unknown): { name: string; version?: string } {
  const { name, qualifier } = parseFunctionArn(text) ?? { name: text.split(':')[0], qualifier: text.split(':')[1] };
  return { name, version: typeof qualifierParam === 'string' ? qualifierParam : qualifier };
}

/** The FunctionName path segment (`/2015-03-31/functions/<name>/...`) decoded once, or undefined when its escapes are not UTF-8 percent-encoding. */
function functionNameSegment(path: string): string | undefined {
  const raw = path.split('/')[3] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * The function a route's FunctionName names, if the host has it (only `$LATEST`); otherwise the request is answered,
 * with Lambda's 404 ResourceNotFoundException, or a 400 for a name that is not percent-encoded UTF-8, and the result
 * is undefined. The name is read from the path as sent: the router's own decoding leaves a bad escape as it is.
 */
export function servedFunction(ctx: Koa.Context, requestId: string, has: (name: string) => boolean): string | undefined {
  const text = functionNameSegment(ctx.path);
  if (text === undefined) {
    awsError(ctx.res, 400, 'InvalidParameterValueException', `1 validation error detected: Value '${ctx.path.split('/')[3]}' at 'functionName' failed to satisfy constraint: Member must be percent-encoded UTF-8`, requestId);
    return undefined;
  }
  const { name, version } = parseFunctionName(text, ctx.query.Qualifier);
  if (has(name) && (version === undefined || version === '$LATEST')) return name;
  awsError(ctx.res, 404, 'ResourceNotFoundException', `Function not found: ${functionArn(name)}${version ? `:${version}` : ''}`, requestId);
  return undefined;
}
