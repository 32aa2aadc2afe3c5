import { maxHeaderSize, METHODS } from 'node:http';
import { HttpError } from '../../src/errors/http-errors.js';
import { type HeaderValue, type WickHttpRequest, type WickHttpResponse } from '../../src/functions/model.js';
import { type FunctionRuntime } from '../../src/functions/runtime.js';
import { REQUEST_ID_HEADER } from '../../src/middleware/request-id.js';
import { base64Flag, decodeBody } from './body.js';
import { joinCookies } from './cookies.js';
import { BadEventError, errorResponse, HeadTooLargeError, isObject, lowerCaseHeaders, nonEmptyString, stringField, stringMap, type Fields } from './errors.js';

/*
 * What every HTTP event goes through, whatever the platform: the request head is checked as Node checks it in
 * server mode, so a request server mode refuses is refused here too, with the same status.
 */

const KNOWN_METHODS = new Set(METHODS);
/** RFC 9110 token: what a header name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Controls a field value cannot carry (CR, LF and NUL among them); HTAB is allowed. */
const VALUE_CONTROLS = /[\x00-\x08\x0a-\x1f\x7f]/;
const PATH_CONTROLS = /[\x00-\x1f\x7f]/;
/** What a path may carry as it is (RFC 3986 pchar and `/`); `%` only when it starts an escape. */
const NOT_PATH_CHAR = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu;
/** The body is complete in the event, so the client's framing headers no longer describe it. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding']);

const quoted = (text: string) => JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}...` : text);

/** A method node:http knows, upper-cased (platforms pass what the client sent, and the core upper-cases anyway). */
function checkedMethod(method: string): string {
  const upper = method.toUpperCase();
  if (!KNOWN_METHODS.has(upper)) throw new BadEventError(`unknown HTTP method ${quoted(method)}`);
  return upper;
}

/**
 * The path as on the wire. Some platforms hand it decoded, others still percent-encoded: encoding only what can
 * never stand raw in a path makes both wire paths, without double-encoding (an encoded `/` stays encoded).
 */
function wirePath(path: string): string {
  if (!path.startsWith('/')) throw new BadEventError(`path must start with "/", got ${quoted(path)}`);
  if (PATH_CONTROLS.test(path)) throw new BadEventError('path contains control characters');
  try {
    return path.replace(NOT_PATH_CHAR, encodeURIComponent);
  } catch {
    throw new BadEventError('path is not valid Unicode');
  }
}

/**
 * Lower-case header names that must be tokens, values free of control characters, as on the wire. Repeated Cookie
 * headers become one `a=1; b=2` (what Node makes of them), a missing Host comes from the platform's domain, and the
 * framing headers go.
 */
function checkedHeaders(headers: Record<string, HeaderValue>, host: string | undefined): Record<string, HeaderValue> {
  const out = new Map<string, HeaderValue>();
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new BadEventError(`header name ${quoted(name)} is not a valid HTTP token`);
    if ([value].flat().some((item) => VALUE_CONTROLS.test(item))) throw new BadEventError(`header ${name} contains control characters`);
    if (!FRAMING_HEADERS.has(name)) out.set(name, name === 'cookie' && Array.isArray(value) ? (joinCookies(value) ?? '') : value);
  }
  if (host && !out.has('host')) out.set('host', host);
  return Object.fromEntries(out);
}

/**
 * The head as Node's parser counts it against `maxHeaderSize`: the request target (path and query: the query as the
 * client sent it when the event keeps it, else encoded as the core sends it) plus every header name and value, in
 * bytes; separators and line ends are not counted.
 */
export function headSize(path: string, query: Record<string, HeaderValue>, headers: Record<string, HeaderValue>, rawQuery?: string): number {
  const pairs = Object.entries(query).flatMap(([name, value]) => [value].flat().map((item): [string, string] => [name, item]));
  const search = rawQuery ?? new URLSearchParams(pairs).toString();
  let size = Buffer.byteLength(path) + (search ? 1 + Buffer.byteLength(search) : 0);
  for (const [name, value] of Object.entries(headers)) {
    for (const item of [value].flat()) size += Buffer.byteLength(name) + Buffer.byteLength(item);
  }
  return size;
}

/**
 * Server mode answers a head that reaches Node's `http.maxHeaderSize` with 431; so does every adapter, counting what
 * the client sent: the raw query when the event keeps it (`a&a` is `a=&a=` once encoded again), and not the headers
 * the platform added on its way.
 */
function checkHeadSize(path: string, query: Record<string, HeaderValue>, headers: Record<string, HeaderValue>, rawQuery: string | undefined, added: ReadonlySet<string>): void {
  const sent = added.size ? Object.fromEntries(Object.entries(headers).filter(([name]) => !added.has(name))) : headers;
  const size = headSize(path, query, sent, rawQuery);
  if (size >= maxHeaderSize) {
    throw new HeadTooLargeError(`request line and headers are ${size} bytes; server mode (node:http maxHeaderSize) takes under ${maxHeaderSize}`);
  }
}

/**
 * One HTTP event shape of a platform: how to recognise it, where its request fields are, and the result it
 * expects. Subclasses only read fields; `toRequest` checks them all the same way. Created once at module load.
 */
export abstract class HttpEventProcessor<Result> {
  /** Names the shape in messages and tests. */
  abstract readonly shape: string;
  abstract matches(event: Fields): boolean;
  abstract toResult(response: WickHttpResponse): Result;
  protected abstract query(event: Fields): Record<string, HeaderValue>;
  /** Headers the platform adds to every request (forwarding, tracing): not the client's, so not counted against the head limit. */
  protected readonly platformHeaders: ReadonlySet<string> = new Set();

  /** The query string as the client sent it, where the event keeps one. */
  protected rawQuery(_event: Fields): string | undefined {
    return undefined;
  }

  /** Top-level `httpMethod`, where most shapes of every platform keep it. */
  protected method(event: Fields): string {
    return stringField(event, 'httpMethod')!;
  }

  /** Top-level `path`, likewise. */
  protected path(event: Fields): string {
    return stringField(event, 'path')!;
  }

  /** The client's headers, names lower-cased. */
  protected headers(event: Fields): Record<string, HeaderValue> {
    return lowerCaseHeaders(stringMap(event, 'headers'));
  }

  /** Where the request went, for a Host header the platform left out. */
  protected host(event: Fields): string | undefined {
    return contextString(event, 'domainName');
  }

  protected remoteAddress(_event: Fields, _headers: Record<string, HeaderValue>): string | undefined {
    return undefined;
  }

  /** The id the platform gave this request, if the event carries one; never throws. */
  requestId(event: Fields): string | undefined {
    return contextString(event, 'requestId');
  }

  /** Throws BadEventError (400) when the event has the shape but not the content of a request, HeadTooLargeError (431) past Node's limit. */
  toRequest(event: Fields): WickHttpRequest {
    const method = checkedMethod(this.method(event));
    const path = wirePath(this.path(event));
    const query = this.query(event);
    const headers = checkedHeaders(this.headers(event), this.host(event));
    checkHeadSize(path, query, headers, this.rawQuery(event), this.platformHeaders);
    const request: WickHttpRequest = { method, path, query, headers, body: decodeBody(event.body, base64Flag(event.isBase64Encoded)) };
    const remoteAddress = this.remoteAddress(event, headers);
    if (remoteAddress) request.remoteAddress = remoteAddress;
    return request;
  }
}

/** `requestContext.<field>` when it is a non-empty string; never throws. */
function contextString(event: Fields, field: string): string | undefined {
  return nonEmptyString(isObject(event.requestContext) ? event.requestContext[field] : undefined);
}

/** The first processor that recognises the event, or undefined when it is not an HTTP event at all. */
export function processorFor<P extends { matches(event: Fields): boolean }>(processors: readonly P[], event: unknown): P | undefined {
  return isObject(event) ? processors.find((processor) => processor.matches(event)) : undefined;
}

/**
 * Event → request, the app, response → result. An event refused before the app runs (malformed, 400; head too
 * large, 431) is answered in the shape's own result format. The platform's request id becomes `x-request-id`
 * unless the client sent one.
 */
export async function handleHttp<Result>(
  runtime: FunctionRuntime,
  functionName: string | undefined,
  processor: HttpEventProcessor<Result>,
  event: Fields,
  requestId: string | undefined,
): Promise<Result> {
  let request: WickHttpRequest;
  try {
    request = processor.toRequest(event);
  } catch (err) {
    if (err instanceof HttpError) return processor.toResult(errorResponse(err, requestId));
    throw err;
  }
  if (requestId !== undefined) request.headers = { [REQUEST_ID_HEADER]: requestId, ...request.headers };
  return processor.toResult(await runtime.invokeHttp(functionName, request));
}
