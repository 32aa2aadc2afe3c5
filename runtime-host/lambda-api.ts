/*
 * What every route of the host's AWS Lambda API shares: the answer format (the request id in x-amzn-RequestId,
 * errors as Lambda writes them) and the FunctionName path parameter.
 */
import { type ServerResponse } from 'node:http';
import { functionArn, parseFunctionArn } from '../adapters/aws-lambda/identifiers.js';

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

/** Lambda's validation message when an enum parameter is outside its values; undefined when it is one of them. */
export function enumViolation(value: string, parameter: string, values: ReadonlySet<string>): string | undefined {
  if (values.has(value)) return undefined;
  return `1 validation error detected: Value '${value}' at '${parameter}' failed to satisfy constraint: Member must satisfy enum value set: [${[...values].join(', ')}]`;
}

/** `name`, `name:$LATEST` or a function ARN; any other qualifier (here or in `?Qualifier=`) names a version the host does not have. */
function parseFunctionName(raw: string, qualifierParam: unknown): { name: string; version?: string } {
  const text = decodeURIComponent(raw);
  const { name, qualifier } = parseFunctionArn(text) ?? { name: text.split(':')[0], qualifier: text.split(':')[1] };
  return { name, version: typeof qualifierParam === 'string' ? qualifierParam : qualifier };
}

/**
 * The function a route's FunctionName parameter names, if the host has it (only `$LATEST`); otherwise the request is
 * answered with Lambda's 404 ResourceNotFoundException and the result is undefined.
 */
export function servedFunction(res: ServerResponse, requestId: string, raw: string, qualifierParam: unknown, has: (name: string) => boolean): string | undefined {
  const { name, version } = parseFunctionName(raw, qualifierParam);
  if (has(name) && (version === undefined || version === '$LATEST')) return name;
  awsError(res, 404, 'ResourceNotFoundException', `Function not found: ${functionArn(name)}${version ? `:${version}` : ''}`, requestId);
  return undefined;
}
