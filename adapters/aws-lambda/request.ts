import { METHODS } from 'node:http';
import { isIP } from 'node:net';
import { type HeaderValue, type WickHttpRequest, type WickHttpResponse } from '../../src/functions/model.js';
import { decodeBody, joinCookies } from '../common/body.js';
import { BadEventError, isObject, lowerCaseHeaders, stringField, stringMap } from '../common/errors.js';
import { albMultiValueResult, albSingleValueResult, apiGatewayV1Result, apiGatewayV2Result } from './response.js';
import { type HttpResult } from './types.js';

type Fields = Record<string, unknown>;

/** More header text than any AWS front door forwards (ALB: 64 KB) can only be a forged or broken event. */
export const MAX_HEADER_SIZE = 64 * 1024;

const KNOWN_METHODS = new Set(METHODS);

/** A nested field, checked like a top-level one but named by its full path in errors. */
export function nestedString(value: unknown, path: string, optional = false): string | undefined {
  return stringField({ [path]: value }, path, optional);
}

/** An optional object field: absent is `{}`, anything but an object is the caller's mistake. */
export function objectField(parent: Fields, field: string, path = field): Fields {
  const value = parent[field];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new BadEventError(`${path} must be an object`);
  return value;
}

/** Name/value pairs to a map where repeated names become lists; built with fromEntries so `__proto__` stays a plain key. */
function grouped(pairs: Iterable<[string, string]>): Record<string, HeaderValue> {
  const groups = new Map<string, string[]>();
  for (const [name, value] of pairs) groups.set(name, [...(groups.get(name) ?? []), value]);
  return Object.fromEntries([...groups].map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
}

function pairsOf(map: Record<string, HeaderValue>): [string, string][] {
  return Object.entries(map).flatMap(([name, value]) => [value].flat().map((item): [string, string] => [name, item]));
}

/** One-element lists become plain values, as if the client had sent that name once. */
function singleValued(map: Record<string, HeaderValue>): Record<string, HeaderValue> {
  return grouped(pairsOf(map));
}

/**
 * Form-style decoding (`+` is a space, then percent-escapes) that never throws: a run of escapes that is not
 * valid UTF-8 is kept as it came, so a stray `%` in an object key or query value survives untouched.
 */
export function decodeFormComponent(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      return escapes;
    }
  });
}

/**
 * HTTP APIs hand the path decoded; REST APIs, Function URLs and ALB still percent-encoded. Escaping only what can
 * never stand raw in an encoded path makes both wire paths, without double-encoding the encoded ones.
 */
export function toWirePath(path: string): string {
  if (!path.startsWith('/')) throw new BadEventError(`path must start with /, got ${JSON.stringify(path.slice(0, 64))}`);
  return path.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (char) =>
    [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** `/prod/users` on stage `prod` is `/users`: named HTTP API stages prefix the path, `$default` does not. */
function withoutStage(path: string, stage: string | undefined): string {
  if (!stage || stage === '$default') return path;
  const prefix = `/${stage}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

function checkedMethod(method: string): string {
  const upper = method.toUpperCase();
  if (!KNOWN_METHODS.has(upper)) throw new BadEventError(`unknown HTTP method ${JSON.stringify(method.slice(0, 32))}`);
  return upper;
}

/** Cookie lists become one `a=1; b=2` header (what Node does with repeated Cookie lines); a missing Host comes from the domain. */
function finishHeaders(headers: Record<string, HeaderValue>, domainName: unknown): Record<string, HeaderValue> {
  let size = 0;
  for (const [name, value] of Object.entries(headers)) size += name.length + [value].flat().reduce((sum, item) => sum + item.length, 0);
  if (size > MAX_HEADER_SIZE) throw new BadEventError(`headers total ${size} characters, more than the ${MAX_HEADER_SIZE} any AWS front door forwards`);
  const out = { ...headers };
  if (Array.isArray(out.cookie)) out.cookie = joinCookies(out.cookie) ?? '';
  if (out.host === undefined && typeof domainName === 'string' && domainName) out.host = domainName;
  return out;
}

function sourceIp(value: unknown): string | undefined {
  return typeof value === 'string' && isIP(value) ? value : undefined;
}

/** One HTTP event shape: how to read its request and how to write the result it expects. */
export abstract class HttpProcessor {
  abstract matches(event: Fields): boolean;
  abstract toResult(response: WickHttpResponse): HttpResult;
  protected abstract method(event: Fields): string;
  protected abstract path(event: Fields): string;
  protected abstract query(event: Fields): Record<string, HeaderValue>;
  protected abstract headers(event: Fields): Record<string, HeaderValue>;

  protected remoteAddress(event: Fields): string | undefined {
    return sourceIp(objectField(objectField(event, 'requestContext'), 'identity').sourceIp);
  }

  /** The id the platform gave this request, if the event carries one; never throws. */
  requestId(event: Fields): string | undefined {
    const context = event.requestContext;
    return isObject(context) && typeof context.requestId === 'string' && context.requestId ? context.requestId : undefined;
  }

  toRequest(event: Fields): WickHttpRequest {
    const request: WickHttpRequest = {
      method: checkedMethod(this.method(event)),
      path: toWirePath(this.path(event)),
      query: this.query(event),
      headers: finishHeaders(this.headers(event), objectField(event, 'requestContext').domainName),
      body: decodeBody(event.body, event.isBase64Encoded),
    };
    const remoteAddress = this.remoteAddress(event);
    if (remoteAddress) request.remoteAddress = remoteAddress;
    return request;
  }
}

/** REST API proxy events and HTTP API payload 1.0: multi-value maps win where both forms are present. */
class ApiGatewayV1Processor extends HttpProcessor {
  constructor(private readonly version: '1.0' | undefined) {
    super();
  }

  matches(event: Fields): boolean {
    return this.version ? event.version === this.version : 'httpMethod' in event;
  }

  protected method(event: Fields): string {
    return stringField(event, 'httpMethod')!;
  }

  /** A REST API path never holds the stage; an HTTP API path does for a named stage. */
  protected path(event: Fields): string {
    const path = stringField(event, 'path')!;
    return this.version ? withoutStage(path, objectField(event, 'requestContext').stage as string | undefined) : path;
  }

  protected query(event: Fields): Record<string, HeaderValue> {
    return singleValued({ ...stringMap(event, 'queryStringParameters'), ...stringMap(event, 'multiValueQueryStringParameters') });
  }

  protected headers(event: Fields): Record<string, HeaderValue> {
    const single = lowerCaseHeaders(stringMap(event, 'headers'));
    const multi = lowerCaseHeaders(stringMap(event, 'multiValueHeaders'));
    return singleValued({ ...single, ...multi });
  }

  toResult(response: WickHttpResponse): HttpResult {
    return apiGatewayV1Result(response);
  }
}

/** HTTP API payload 2.0 and Function URLs: raw path and query, comma-joined headers, cookies in their own list. */
class ApiGatewayV2Processor extends HttpProcessor {
  constructor(private readonly functionUrl: boolean) {
    super();
  }

  matches(event: Fields): boolean {
    if (event.version !== '2.0' && !('rawPath' in event)) return false;
    const domainName = isObject(event.requestContext) ? event.requestContext.domainName : undefined;
    return (typeof domainName === 'string' && domainName.includes('.lambda-url.')) === this.functionUrl;
  }

  private http(event: Fields): Fields {
    const http = objectField(objectField(event, 'requestContext'), 'http', 'requestContext.http');
    if (!Object.keys(http).length) throw new BadEventError('requestContext.http is missing');
    return http;
  }

  protected method(event: Fields): string {
    return nestedString(this.http(event).method, 'requestContext.http.method')!;
  }

  /** Function URLs have no stages; an HTTP API on a named stage prefixes rawPath with it. */
  protected path(event: Fields): string {
    const path = stringField(event, 'rawPath')!;
    return this.functionUrl ? path : withoutStage(path, objectField(event, 'requestContext').stage as string | undefined);
  }

  /** rawQueryString keeps repeated keys apart; queryStringParameters has them comma-joined. */
  protected query(event: Fields): Record<string, HeaderValue> {
    const raw = stringField(event, 'rawQueryString', true);
    return raw === undefined ? stringMap(event, 'queryStringParameters') : grouped(new URLSearchParams(raw));
  }

  protected headers(event: Fields): Record<string, HeaderValue> {
    const headers = lowerCaseHeaders(stringMap(event, 'headers'));
    const { cookies } = event;
    if (cookies === undefined || cookies === null) return headers;
    if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string')) throw new BadEventError('cookies must be a list of strings');
    const cookie = joinCookies(cookies, headers.cookie);
    return cookie === undefined ? headers : { ...headers, cookie };
  }

  protected override remoteAddress(event: Fields): string | undefined {
    return sourceIp(this.http(event).sourceIp);
  }

  toResult(response: WickHttpResponse): HttpResult {
    return apiGatewayV2Result(response);
  }
}

/**
 * ALB: the target group's mode decides which maps the event carries and which the result must use. The event has
 * no client address, only X-Forwarded-For, which the app's proxy settings decide whether to trust.
 */
class AlbProcessor extends HttpProcessor {
  constructor(private readonly multiValue: boolean) {
    super();
  }

  matches(event: Fields): boolean {
    const context = event.requestContext;
    if (!isObject(context) || !('elb' in context)) return false;
    const multiValue = (event.multiValueHeaders ?? event.multiValueQueryStringParameters ?? null) !== null;
    return multiValue === this.multiValue;
  }

  protected method(event: Fields): string {
    return stringField(event, 'httpMethod')!;
  }

  protected path(event: Fields): string {
    return stringField(event, 'path')!;
  }

  /** The load balancer passes query names and values as the client encoded them. */
  protected query(event: Fields): Record<string, HeaderValue> {
    const query = stringMap(event, this.multiValue ? 'multiValueQueryStringParameters' : 'queryStringParameters');
    return grouped(pairsOf(query).map(([name, value]) => [decodeFormComponent(name), decodeFormComponent(value)]));
  }

  protected headers(event: Fields): Record<string, HeaderValue> {
    return singleValued(lowerCaseHeaders(stringMap(event, this.multiValue ? 'multiValueHeaders' : 'headers')));
  }

  toResult(response: WickHttpResponse): HttpResult {
    return this.multiValue ? albMultiValueResult(response) : albSingleValueResult(response);
  }
}

/** Most specific first: ALB events have no version, and a REST event is anything else with an httpMethod. */
const HTTP_PROCESSORS: HttpProcessor[] = [
  new AlbProcessor(true), // target group with multi-value headers enabled
  new AlbProcessor(false), // default single-value mode
  new ApiGatewayV2Processor(true), // Lambda Function URL
  new ApiGatewayV2Processor(false), // HTTP API, payload format 2.0
  new ApiGatewayV1Processor('1.0'), // HTTP API, payload format 1.0
  new ApiGatewayV1Processor(undefined), // REST API proxy integration
];

export function httpProcessorFor(event: unknown): HttpProcessor | undefined {
  return isObject(event) ? HTTP_PROCESSORS.find((processor) => processor.matches(event)) : undefined;
}
