import { validateHeaderName, validateHeaderValue, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { encodeBody } from '../adapters/common/body.js';
import { decodeEscapes } from '../adapters/common/percent-decoding.js';
import { traceHeader } from '../adapters/aws-lambda/identifiers.js';
import { type ApiGatewayV2Event } from '../adapters/aws-lambda/types.js';
import { type WickHttpResponse } from '../src/functions/model.js';
import { ACCOUNT_ID } from './protocol.js';

/** API Gateway's own name for the local API, in requestContext.apiId and domainPrefix-less hosts. */
const API_ID = 'wick-host';

/** What the gateway knows about the route a request matched. */
export interface MatchedRoute {
  /** `GET /users/{id}`: API Gateway's route key for the trigger. */
  routeKey: string;
  /** Decoded path parameters, as the router matched them. */
  params: Record<string, string>;
}

/** A function's answer the gateway cannot turn into an HTTP response; API Gateway answers those with a 500. */
export class MalformedResultError extends Error {}

/** `12/Mar/2020:19:03:58 +0000`, the format of requestContext.time. */
function requestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return isIP(plain) ? plain : '127.0.0.1';
}

/**
 * The request's headers as an HTTP API sends them: lower-case names, repeated ones comma-joined, the Cookie
 * header moved to `cookies`, plus the X-Forwarded-* and X-Amzn-Trace-Id headers API Gateway adds.
 */
function headersAndCookies(req: IncomingMessage, sourceIp: string, traceId: string): { headers: Record<string, string>; cookies: string[] } {
  const cookies: string[] = [];
  const joined: [string, string][] = [];
  for (const [name, values = []] of Object.entries(req.headersDistinct)) {
    if (name === 'cookie') cookies.push(...values.flatMap((value) => value.split(/;\s*/)).filter(Boolean));
    else joined.push([name, values.join(',')]);
  }
  const headers: Record<string, string> = Object.fromEntries(joined);
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
  headers['x-amzn-trace-id'] ??= traceId;
  return { headers, cookies };
}

/** Repeated query names comma-joined, as `queryStringParameters` has them; `rawQueryString` keeps them apart. */
function queryParameters(rawQuery: string): Record<string, string> | undefined {
  if (!rawQuery) return undefined;
  const grouped = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    const values = grouped.get(name);
    if (values) values.push(value);
    else grouped.set(name, [value]);
  }
  return grouped.size ? Object.fromEntries([...grouped].map(([name, values]) => [name, values.join(',')])) : undefined;
}

/**
 * The API Gateway HTTP API (payload format 2.0) event for a request, built as API Gateway builds it:
 * `rawPath` and `rawQueryString` as sent (`requestContext.http.path` decoded), comma-joined headers, a `cookies` list, text bodies as text and
 * anything else base64, and a requestContext with the method, path, source IP, request id and `$default` stage.
 */
export function toApiGatewayV2Event(req: IncomingMessage, body: Buffer, route: MatchedRoute, requestId: string, now = new Date()): ApiGatewayV2Event {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  // The path as the client sent it, escapes and all: the router decodes params once, as in server mode. (A deployed
  // HTTP API decodes rawPath, so there an encoded `/` cannot be told from a real one; the local host keeps it.)
  const rawPath = queryAt >= 0 ? url.slice(0, queryAt) : url;
  const rawQueryString = queryAt >= 0 ? url.slice(queryAt + 1) : '';
  const sourceIp = sourceIpOf(req);
  const { headers, cookies } = headersAndCookies(req, sourceIp, traceHeader(requestId.replace(/-/g, '').slice(0, 24), now));
  const query = queryParameters(rawQueryString);
  const host = (headers.host ?? '127.0.0.1').replace(/:\d+$/, '');
  const event: ApiGatewayV2Event = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length && { cookies }),
    headers,
    ...(query && { queryStringParameters: query }),
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: { method: req.method ?? 'GET', path: decodeEscapes(rawPath), protocol: `HTTP/${req.httpVersion}`, sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(route.params).length && { pathParameters: route.params }),
    isBase64Encoded: false,
  };
  if (body.length) Object.assign(event, encodeBody(body, { 'content-type': headers['content-type'] ?? '', 'content-encoding': headers['content-encoding'] ?? '' }));
  return event;
}

/** An HTTP response as the gateway writes it: the app's response model, with the Set-Cookie values apart. */
export interface GatewayResponse extends WickHttpResponse {
  cookies: string[];
}

const DROPPED = new Set(['connection', 'transfer-encoding', 'keep-alive']);

function headerMap(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new MalformedResultError('headers must be an object');
  const headers: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (item === undefined || item === null) continue;
    if (!['string', 'number', 'boolean'].includes(typeof item)) throw new MalformedResultError(`header ${name} must be a string`);
    try {
      validateHeaderName(name);
      validateHeaderValue(name, String(item));
    } catch (err) {
      throw new MalformedResultError(`header ${JSON.stringify(name)}: ${(err as Error).message}`);
    }
    if (!DROPPED.has(name.toLowerCase())) headers[name.toLowerCase()] = String(item);
  }
  return headers;
}

/**
 * A payload format 2.0 result as the HTTP response API Gateway sends: statusCode, headers, one Set-Cookie per
 * `cookies` entry, a base64 body decoded when isBase64Encoded. A result with no statusCode is inferred, as
 * API Gateway does: 200, application/json, and the result itself as the body (a string as it is, else its JSON).
 */
export function fromApiGatewayV2Result(payload: Buffer): GatewayResponse {
  let result: unknown;
  try {
    result = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new MalformedResultError('the function returned something that is not JSON');
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { status: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(body, 'utf8') };
  }
  const fields = result as Record<string, unknown>;
  const status = Number(fields.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new MalformedResultError(`statusCode ${JSON.stringify(fields.statusCode)} is not an HTTP status`);
  const headers = headerMap(fields.headers);
  const cookies = fields.cookies === undefined || fields.cookies === null ? [] : fields.cookies;
  if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string')) throw new MalformedResultError('cookies must be a list of strings');
  for (const cookie of cookies) {
    try {
      validateHeaderValue('set-cookie', cookie);
    } catch (err) {
      throw new MalformedResultError(`cookie: ${(err as Error).message}`);
    }
  }
  if (headers['set-cookie'] !== undefined) {
    cookies.unshift(headers['set-cookie']);
    delete headers['set-cookie'];
  }
  const text = fields.body === undefined || fields.body === null ? '' : fields.body;
  if (typeof text !== 'string') throw new MalformedResultError('body must be a string');
  const base64 = fields.isBase64Encoded === true || fields.isBase64Encoded === 'true';
  return { status, headers, cookies, body: Buffer.from(text, base64 ? 'base64' : 'utf8') };
}

/** Writes a gateway response; HEAD keeps the function's Content-Length and sends no body. */
export function writeResponse(res: ServerResponse, method: string, response: GatewayResponse): void {
  const headers = { ...response.headers };
  if (response.cookies.length) headers['set-cookie'] = response.cookies;
  const empty = response.status === 204 || response.status === 304 || (response.status >= 100 && response.status < 200);
  if (empty) delete headers['content-length'];
  else if (method !== 'HEAD' || headers['content-length'] === undefined) headers['content-length'] = String(response.body.length);
  res.writeHead(response.status, headers);
  res.end(empty || method === 'HEAD' ? undefined : response.body);
}
