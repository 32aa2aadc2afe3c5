import { maxHeaderSize } from 'node:http';
import { type HeaderValue, type WickHttpRequest, type WickHttpResponse } from '../../src/functions/model.js';
import { decodeBody } from '../common/body.js';
import { BadEventError, isObject, lowerCaseHeaders, stringField, stringMap } from '../common/errors.js';
import { toApiGatewayResult, toHttpTriggerResult } from './response.js';
import { type AliyunHttpResult } from './types.js';

type Event = Record<string, any>;

/** RFC 9110 token: what a method or a header name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Characters that cannot appear raw in a path, and `%` not starting an escape. */
const NOT_WIRE_SAFE = /%(?![0-9A-Fa-f]{2})|[^\x21-\x7e]|[?#]/gu;
/** The platform already consumed the framing; the adapter hands over the complete body. */
const FRAMING_HEADERS = ['content-length', 'transfer-encoding'];

const preview = (text: string) => JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}...` : text);

function percentEncode(char: string): string {
  return [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

function httpMethod(method: string): string {
  if (!TOKEN.test(method)) throw new BadEventError(`HTTP method ${preview(method)} is not a valid method`);
  return method;
}

/** Existing escapes are kept (an encoded `/` must stay encoded); anything unsafe on the wire is encoded. */
function wirePath(path: string): string {
  if (!path.startsWith('/')) throw new BadEventError(`path must start with "/", got ${preview(path)}`);
  return path.replace(NOT_WIRE_SAFE, percentEncode);
}

function base64Flag(event: Event): boolean {
  const flag = event.isBase64Encoded;
  if (flag === true || flag === 'true') return true;
  if (flag === undefined || flag === null || flag === false || flag === 'false') return false;
  throw new BadEventError(`isBase64Encoded must be true or false, got ${typeof flag === 'string' ? preview(flag) : typeof flag}`);
}

function requestHeaders(event: Event): Record<string, HeaderValue> {
  const headers = lowerCaseHeaders(stringMap(event, 'headers'));
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new BadEventError(`header name ${preview(name)} is not a valid HTTP token`);
    if ([value].flat().some((item) => /[\r\n\0]/.test(item))) throw new BadEventError(`header ${name} contains a line break or NUL`);
  }
  for (const name of FRAMING_HEADERS) delete headers[name];
  return headers;
}

/** Node refuses a request head over `maxHeaderSize` in server mode; the same request is refused here. */
function checkHeadSize(request: WickHttpRequest): void {
  let size = Buffer.byteLength(request.path);
  for (const [name, value] of [...Object.entries(request.headers ?? {}), ...Object.entries(request.query ?? {})]) {
    for (const item of [value].flat()) size += Buffer.byteLength(name) + Buffer.byteLength(item) + 4;
  }
  if (size > maxHeaderSize) throw new BadEventError(`request headers and query are ${size} bytes, over the ${maxHeaderSize}-byte limit`);
}

/** One HTTP event shape: how to recognise it, read it into a WickHttpRequest and answer it. */
export abstract class HttpEventProcessor {
  abstract matches(event: Event): boolean;
  abstract toResult(response: WickHttpResponse): AliyunHttpResult;
  protected abstract method(event: Event): string;
  protected abstract path(event: Event): string;
  protected abstract query(event: Event): Record<string, HeaderValue>;

  /** The platform's id for the request, read without trusting the event's shape. */
  requestId(_event: Event): string | undefined {
    return undefined;
  }

  /** Headers the platform moved out of `headers`. */
  protected extraHeaders(_event: Event): Record<string, string> {
    return {};
  }

  protected remoteAddress(_event: Event): string | undefined {
    return undefined;
  }

  /** Throws BadEventError when the event has the shape but not the content of a request. */
  toRequest(event: Event): WickHttpRequest {
    const request: WickHttpRequest = {
      method: httpMethod(this.method(event)),
      path: wirePath(this.path(event)),
      query: this.query(event),
      headers: { ...this.extraHeaders(event), ...requestHeaders(event) },
      body: decodeBody(event.body, base64Flag(event)),
      remoteAddress: this.remoteAddress(event),
    };
    checkHeadSize(request);
    return request;
  }
}

/** FC 3.0 HTTP trigger: `version`, `rawPath`, `requestContext.http`; no top-level method or path. */
class HttpTriggerProcessor extends HttpEventProcessor {
  matches(event: Event): boolean {
    return 'rawPath' in event || (isObject(event.requestContext) && 'http' in event.requestContext);
  }

  toResult(response: WickHttpResponse): AliyunHttpResult {
    return toHttpTriggerResult(response);
  }

  override requestId(event: Event): string | undefined {
    const id = event.requestContext?.requestId;
    return typeof id === 'string' ? id : undefined;
  }

  private http(event: Event): Record<string, unknown> {
    if (!isObject(event.requestContext)) throw new BadEventError('requestContext must be an object');
    if (!isObject(event.requestContext.http)) throw new BadEventError('requestContext.http must be an object');
    return event.requestContext.http;
  }

  protected method(event: Event): string {
    return stringField(this.http(event), 'method')!;
  }

  /** `rawPath` is the encoded path; `requestContext.http.path` is decoded and would lose an encoded `/`. */
  protected path(event: Event): string {
    return stringField(event, 'rawPath')!;
  }

  /**
   * FC joins a repeated key's values with commas (`a=1&a=2` arrives as `"1,2"`), so a comma-joined value is
   * split back into a list. A literal comma in one value (`a=1%2C2`) arrives the same way and is split too:
   * the platform does not keep the difference.
   */
  protected query(event: Event): Record<string, HeaderValue> {
    const query: Record<string, HeaderValue> = {};
    for (const [name, value] of Object.entries(stringMap(event, 'queryParameters'))) {
      query[name] = typeof value === 'string' && value.includes(',') ? value.split(',') : value;
    }
    return query;
  }

  /** Go's net/http moves Host out of the header map; the trigger's domain is where the request went. */
  protected override extraHeaders(event: Event): Record<string, string> {
    const domain = event.requestContext?.domainName;
    return typeof domain === 'string' && domain !== '' ? { host: domain } : {};
  }

  protected override remoteAddress(event: Event): string | undefined {
    const ip = event.requestContext?.http?.sourceIp;
    return typeof ip === 'string' && ip !== '' ? ip : undefined;
  }
}

/** API Gateway trigger in front of an event function: top-level `httpMethod`, `path`, `queryParameters`. */
class ApiGatewayProcessor extends HttpEventProcessor {
  matches(event: Event): boolean {
    return 'httpMethod' in event || ('path' in event && 'headers' in event);
  }

  toResult(response: WickHttpResponse): AliyunHttpResult {
    return toApiGatewayResult(response);
  }

  protected method(event: Event): string {
    return stringField(event, 'httpMethod')!;
  }

  protected path(event: Event): string {
    return stringField(event, 'path')!;
  }

  /** Values as the gateway gives them; a list is kept as a repeated key. */
  protected query(event: Event): Record<string, HeaderValue> {
    return stringMap(event, 'queryParameters');
  }
}

const PROCESSORS: HttpEventProcessor[] = [new HttpTriggerProcessor(), new ApiGatewayProcessor()];

/** The processor for an HTTP-shaped event, or undefined when the event is not an HTTP event at all. */
export function httpProcessorFor(event: unknown): HttpEventProcessor | undefined {
  return isObject(event) ? PROCESSORS.find((processor) => processor.matches(event)) : undefined;
}

/** The answer for an event that could not even be read: FC 3.0 HTTP trigger format (the two formats share their fields). */
export const UNREADABLE_EVENT_PROCESSOR: HttpEventProcessor = PROCESSORS[0];
