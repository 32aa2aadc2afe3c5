import { isIP } from 'node:net';
import { type HeaderValue, type WickHttpResponse } from '../../src/functions/model.js';
import { joinCookies } from '../common/cookies.js';
import { decodeFormComponent } from '../common/percent-decoding.js';
import { BadEventError, isObject, lowerCaseHeaders, nestedString, objectField, stringField, stringMap, type Fields } from '../common/errors.js';
import { HttpEventProcessor, processorFor } from '../common/request.js';
import { albMultiValueResult, albSingleValueResult, apiGatewayV1Result, apiGatewayV2Result } from './response.js';
import { type HttpResult } from './types.js';

/** Name/value pairs to a map where repeated names become lists; built with fromEntries so `__proto__` stays a plain key. */
function grouped(pairs: Iterable<[string, string]>): Record<string, HeaderValue> {
  const groups = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const values = groups.get(name);
    if (values) values.push(value);
    else groups.set(name, [value]);
  }
  return Object.fromEntries([...groups].map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
}

function pairsOf(map: Record<string, HeaderValue>): [string, string][] {
  return Object.entries(map).flatMap(([name, value]) => [value].flat().map((item): [string, string] => [name, item]));
}

/** One-element lists become plain values, as if the client had sent that name once. */
function singleValued(map: Record<string, HeaderValue>): Record<string, HeaderValue> {
  return grouped(pairsOf(map));
}

/** `/prod/users` on stage `prod` is `/users`: named HTTP API stages prefix the path, `$default` does not. */
function withoutStage(path: string, stage: string | undefined): string {
  if (!stage || stage === '$default') return path;
  const prefix = `/${stage}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

function sourceIp(value: unknown): string | undefined {
  return typeof value === 'string' && isIP(value) ? value : undefined;
}

/** REST API proxy events and HTTP API payload 1.0: multi-value maps win where both forms are present. */
class ApiGatewayV1Processor extends HttpEventProcessor<HttpResult> {
  constructor(readonly shape: string, private readonly version: '1.0' | undefined) {
    super();
  }

  /** Both forms carry `httpMethod`: a `version: '1.0'` alone is also a destination's invocation record, not a request. */
  matches(event: Fields): boolean {
    return 'httpMethod' in event && (this.version === undefined || event.version === this.version);
  }

  toResult(response: WickHttpResponse): HttpResult {
    return apiGatewayV1Result(response);
  }

  /** A REST API path never holds the stage; an HTTP API path does for a named stage. */
  protected override path(event: Fields): string {
    const path = super.path(event);
    return this.version ? withoutStage(path, objectField(event, 'requestContext').stage as string | undefined) : path;
  }

  protected query(event: Fields): Record<string, HeaderValue> {
    return singleValued({ ...stringMap(event, 'queryStringParameters'), ...stringMap(event, 'multiValueQueryStringParameters') });
  }

  protected override headers(event: Fields): Record<string, HeaderValue> {
    const single = lowerCaseHeaders(stringMap(event, 'headers'));
    const multi = lowerCaseHeaders(stringMap(event, 'multiValueHeaders'));
    return singleValued({ ...single, ...multi });
  }

  protected override remoteAddress(event: Fields): string | undefined {
    return sourceIp(objectField(objectField(event, 'requestContext'), 'identity', 'requestContext.identity').sourceIp);
  }
}

/**
 * Payload 2.0 by its structure: `requestContext.http` is what only 2.0 events (HTTP API, Function URL) have. A
 * REST event may carry `rawPath` too, so that field decides nothing; `version: "2.0"` without `http` is a broken
 * 2.0 event, answered as one.
 */
function isPayloadV2(event: Fields): boolean {
  return (isObject(event.requestContext) && 'http' in event.requestContext) || event.version === '2.0';
}

/** HTTP API payload 2.0 and Function URLs: raw path and query, comma-joined headers, cookies in their own list. */
/** The headers API Gateway adds to every proxied request (its own X-Forwarded-For entry, proto, port, trace id). */
const API_GATEWAY_HEADERS: ReadonlySet<string> = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-port', 'x-amzn-trace-id']);

class ApiGatewayV2Processor extends HttpEventProcessor<HttpResult> {
  constructor(readonly shape: string, private readonly functionUrl: boolean) {
    super();
  }

  matches(event: Fields): boolean {
    if (!isPayloadV2(event)) return false;
    const domainName = isObject(event.requestContext) ? event.requestContext.domainName : undefined;
    return (typeof domainName === 'string' && domainName.includes('.lambda-url.')) === this.functionUrl;
  }

  toResult(response: WickHttpResponse): HttpResult {
    return apiGatewayV2Result(response);
  }

  private http(event: Fields): Fields {
    const http = objectField(objectField(event, 'requestContext'), 'http', 'requestContext.http');
    if (!Object.keys(http).length) throw new BadEventError('requestContext.http is missing');
    return http;
  }

  protected override method(event: Fields): string {
    return nestedString(this.http(event).method, 'requestContext.http.method')!;
  }

  /** Function URLs have no stages; an HTTP API on a named stage prefixes rawPath with it. */
  protected override path(event: Fields): string {
    const path = stringField(event, 'rawPath')!;
    return this.functionUrl ? path : withoutStage(path, objectField(event, 'requestContext').stage as string | undefined);
  }

  /** What API Gateway (and a Function URL) adds to the client's headers. */
  protected override readonly platformHeaders: ReadonlySet<string> = API_GATEWAY_HEADERS;

  protected override rawQuery(event: Fields): string | undefined {
    return stringField(event, 'rawQueryString', true);
  }

  /** rawQueryString keeps repeated keys apart; queryStringParameters has them comma-joined. */
  protected query(event: Fields): Record<string, HeaderValue> {
    const raw = stringField(event, 'rawQueryString', true);
    return raw === undefined ? stringMap(event, 'queryStringParameters') : grouped(new URLSearchParams(raw));
  }

  protected override headers(event: Fields): Record<string, HeaderValue> {
    const headers = super.headers(event);
    const { cookies } = event;
    if (cookies === undefined || cookies === null) return headers;
    if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string')) throw new BadEventError('cookies must be a list of strings');
    const cookie = joinCookies(cookies, headers.cookie);
    return cookie === undefined ? headers : { ...headers, cookie };
  }

  protected override remoteAddress(event: Fields): string | undefined {
    return sourceIp(this.http(event).sourceIp);
  }
}

/**
 * ALB: the target group's mode decides which maps the event carries and which the result must use. The event has
 * no client address, only X-Forwarded-For, which the app's proxy settings decide whether to trust.
 */
class AlbProcessor extends HttpEventProcessor<HttpResult> {
  constructor(readonly shape: string, private readonly multiValue: boolean) {
    super();
  }

  matches(event: Fields): boolean {
    const context = event.requestContext;
    if (!isObject(context) || !('elb' in context)) return false;
    const multiValue = (event.multiValueHeaders ?? event.multiValueQueryStringParameters ?? null) !== null;
    return multiValue === this.multiValue;
  }

  toResult(response: WickHttpResponse): HttpResult {
    return this.multiValue ? albMultiValueResult(response) : albSingleValueResult(response);
  }

  /** The load balancer passes query names and values as the client encoded them. */
  protected query(event: Fields): Record<string, HeaderValue> {
    const query = stringMap(event, this.multiValue ? 'multiValueQueryStringParameters' : 'queryStringParameters');
    return grouped(pairsOf(query).map(([name, value]) => [decodeFormComponent(name), decodeFormComponent(value)]));
  }

  protected override headers(event: Fields): Record<string, HeaderValue> {
    return singleValued(lowerCaseHeaders(stringMap(event, this.multiValue ? 'multiValueHeaders' : 'headers')));
  }
}

export type HttpProcessor = HttpEventProcessor<HttpResult>;

/** Most specific first: ALB events have no version, and a REST event is anything else with an httpMethod. */
const HTTP_PROCESSORS: HttpProcessor[] = [
  new AlbProcessor('ALB, multi-value headers', true), // target group with multi-value headers enabled
  new AlbProcessor('ALB', false), // default single-value mode
  new ApiGatewayV2Processor('Function URL', true),
  new ApiGatewayV2Processor('HTTP API payload 2.0', false),
  new ApiGatewayV1Processor('HTTP API payload 1.0', '1.0'),
  new ApiGatewayV1Processor('REST API', undefined), // proxy integration
];

export function httpProcessorFor(event: unknown): HttpProcessor | undefined {
  return processorFor(HTTP_PROCESSORS, event);
}
