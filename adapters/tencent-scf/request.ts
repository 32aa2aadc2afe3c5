import { maxHeaderSize, METHODS } from 'node:http';
import { type WickHttpRequest, type WickHttpResponse } from '../../src/functions/model.js';
import { decodeBody } from '../common/body.js';
import { BadEventError, isObject, lowerCaseHeaders, stringField, stringMap } from '../common/errors.js';
import { toApiGatewayResult, toFunctionUrlResult } from './response.js';
import { type TencentHttpResult } from './types.js';

/*
 * HTTP events: the API Gateway trigger and the Function URL. Both carry the same request fields; they differ in
 * how they are recognised, where the client IP and the request id are, and the result format.
 */

type Payload = Record<string, unknown>;

const HTTP_METHODS = new Set(METHODS);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CONTROL_CHARS = /[\x00-\x08\x0a-\x1f\x7f]/;
/** Characters a path may carry as they are (RFC 3986 pchar and `/`); `%` only when it starts an escape. */
const NOT_PATH_CHAR = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu;
/** The body is complete in the event, so the client's framing headers no longer describe it. */
const FRAMING_HEADERS = ['content-length', 'transfer-encoding'];

function httpMethod(event: Payload): string {
  const method = stringField(event, 'httpMethod')!.toUpperCase();
  if (!HTTP_METHODS.has(method)) throw new BadEventError(`httpMethod ${JSON.stringify(method)} is not an HTTP method`);
  return method;
}

/** The path as on the wire: what is already percent-encoded stays, anything else is encoded, controls are refused. */
function wirePath(event: Payload): string {
  const path = stringField(event, 'path')!;
  if (!path.startsWith('/')) throw new BadEventError(`path must start with "/", got ${JSON.stringify(path.slice(0, 100))}`);
  if (CONTROL_CHARS.test(path)) throw new BadEventError('path contains control characters');
  try {
    return path.replace(NOT_PATH_CHAR, encodeURIComponent);
  } catch {
    throw new BadEventError('path is not valid Unicode');
  }
}

/** `queryString` is the full query the client sent; `queryStringParameters` only holds what the API declares. */
function query(event: Payload): Record<string, string | string[]> {
  return stringMap(event, event.queryString == null ? 'queryStringParameters' : 'queryString');
}

/** Header names must be tokens and values free of line breaks, as on the wire. */
function requestHeaders(event: Payload): Record<string, string | string[]> {
  const headers = lowerCaseHeaders(stringMap(event, 'headers'));
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new BadEventError(`header name ${JSON.stringify(name.slice(0, 100))} is not a valid token`);
    if ([value].flat().some((item) => CONTROL_CHARS.test(item))) throw new BadEventError(`header ${name} contains control characters`);
  }
  for (const name of FRAMING_HEADERS) delete headers[name];
  return headers;
}

/** Server mode refuses a request head (request line and headers) over Node's `maxHeaderSize`; so does the adapter. */
function checkHeadSize(request: WickHttpRequest): void {
  let bytes = Buffer.byteLength(request.path);
  for (const [name, value] of [...Object.entries(request.query ?? {}), ...Object.entries(request.headers ?? {})]) {
    bytes += [value].flat().reduce((sum, item) => sum + Buffer.byteLength(name) + Buffer.byteLength(item) + 4, 0);
  }
  if (bytes > maxHeaderSize) throw new BadEventError(`request head is ${bytes} bytes, over the ${maxHeaderSize}-byte limit`);
}

/** Documented as a boolean; Tencent's own docs elsewhere write it as the string "true"/"false", so both are read. */
function base64Flag(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'boolean') return value === true;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new BadEventError(`isBase64Encoded must be true or false, got ${JSON.stringify(value)}`);
}

function firstString(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

function sourceIp(event: Payload): string | undefined {
  return isObject(event.requestContext) ? firstString(event.requestContext.sourceIp) : undefined;
}

export abstract class HttpEventProcessor {
  /** Names the shape in error messages and tests. */
  abstract readonly shape: string;
  abstract matches(event: Payload): boolean;
  /** The platform's id for the request when the event carries one; never throws. */
  abstract requestId(event: Payload): string | undefined;
  abstract toResult(response: WickHttpResponse): TencentHttpResult;
  protected abstract remoteAddress(event: Payload, headers: Record<string, string | string[]>): string | undefined;

  /** Throws BadEventError when a field is missing or of the wrong type. */
  toRequest(event: Payload): WickHttpRequest {
    const headers = requestHeaders(event);
    const request: WickHttpRequest = {
      method: httpMethod(event),
      path: wirePath(event),
      query: query(event),
      headers,
      body: decodeBody(event.body, base64Flag(event.isBase64Encoded)),
      remoteAddress: this.remoteAddress(event, headers),
    };
    checkHeadSize(request);
    return request;
  }
}

class ApiGatewayProcessor extends HttpEventProcessor {
  readonly shape = 'API Gateway';

  /** Only the gateway sends a requestContext naming its service; `stage` stays there and never prefixes `path`. */
  matches(event: Payload): boolean {
    return isObject(event.requestContext) && 'serviceId' in event.requestContext;
  }

  requestId(event: Payload): string | undefined {
    return firstString((event.requestContext as Payload).requestId);
  }

  toResult(response: WickHttpResponse): TencentHttpResult {
    return toApiGatewayResult(response);
  }

  protected remoteAddress(event: Payload): string | undefined {
    return sourceIp(event);
  }
}

class FunctionUrlProcessor extends HttpEventProcessor {
  readonly shape = 'Function URL';

  /** No gateway context: a method, or a path with headers or a query, is what makes it HTTP. */
  matches(event: Payload): boolean {
    return 'httpMethod' in event || ('path' in event && ('headers' in event || 'queryString' in event));
  }

  requestId(event: Payload): string | undefined {
    return isObject(event.headers) ? firstString(event.headers['x-scf-request-id']) : undefined;
  }

  toResult(response: WickHttpResponse): TencentHttpResult {
    return toFunctionUrlResult(response);
  }

  /** The documented place is the `x-scf-remote-addr` header; later events also carry `requestContext.sourceIp`. */
  protected remoteAddress(event: Payload, headers: Record<string, string | string[]>): string | undefined {
    return firstString(headers['x-scf-remote-addr']) ?? sourceIp(event);
  }
}

const HTTP_PROCESSORS: HttpEventProcessor[] = [new ApiGatewayProcessor(), new FunctionUrlProcessor()];

/** The processor for an HTTP-shaped event, or undefined when the event is not an HTTP request at all. */
export function httpProcessorFor(event: unknown): HttpEventProcessor | undefined {
  return isObject(event) ? HTTP_PROCESSORS.find((processor) => processor.matches(event)) : undefined;
}
