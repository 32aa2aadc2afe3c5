import { encodeBody } from '../../../adapters/common/body.js';
import { createHandler, type AliyunHttpResult } from '../../../adapters/aliyun-fc/index.js';
import { type ConformanceRequest, type ConformanceResponse } from '../../conformance/cases.js';
import { cookieHeader } from '../../conformance/harness.js';
import { fixtureReader, useConformanceApp as useApp, type PlatformShape } from '../shared.js';

/** A fresh copy of a captured payload from test/fixtures/events/aliyun/. */
export const fixture = fixtureReader('aliyun');

/** The conformance app, booted once for the calling test file, with an aggregate handler over it. */
export const useConformanceApp = () => useApp(createHandler);

/** The runtime hands every event as a Buffer of JSON. */
export const asBuffer = (event: unknown) => Buffer.from(JSON.stringify(event));

/** The `context` the FC runtime passes, with the fields the adapter reads. */
export const fcContext = (requestId = '1-6780a1b2-3c4d5e6f-0123456789ab') => ({
  requestId,
  function: { name: 'wick-fn', handler: 'index.handler', memory: 256, timeout: 5 },
  region: 'cn-hangzhou',
});

/** Go's net/http canonical form, which FC gives header names: `x-request-id` -> `X-Request-Id`. */
export function canonicalHeaderName(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** The client's headers as FC passes them: canonical names, repeated values comma-joined, cookies in `Cookie`. */
function platformHeaders(request: ConformanceRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[canonicalHeaderName(name)] = [value].flat().join(',');
  const cookie = cookieHeader(request.cookies);
  if (cookie) headers.Cookie = cookie;
  return headers;
}

/** FC 3.0 HTTP trigger event: the doc payload with the request's method, path, query, headers and body. */
export function httpTriggerEvent(request: ConformanceRequest): Record<string, any> {
  const event = fixture('fc3-http-trigger-doc.json');
  event.rawPath = request.path;
  event.requestContext.http.method = request.method;
  event.requestContext.http.path = decodeURIComponent(request.path);
  event.headers = platformHeaders(request);
  event.queryParameters = Object.fromEntries(Object.entries(request.query ?? {}).map(([name, value]) => [name, [value].flat().join(',')]));
  // FC base64-encodes binary content types only.
  const { body, isBase64Encoded } = request.body ? encodeBody(request.body, request.headers ?? {}) : { body: '', isBase64Encoded: false };
  event.body = body;
  event.isBase64Encoded = isBase64Encoded;
  return event;
}

/** API Gateway trigger event: the captured pass-through payload, keeping the gateway's own `X-Ca-*` headers. */
export function apiGatewayEvent(request: ConformanceRequest): Record<string, any> {
  const event = fixture('apigw-trigger-post-json-base64-midway.json');
  const gatewayHeaders = Object.fromEntries(Object.entries(event.headers as Record<string, string>).filter(([name]) => name.startsWith('X-Ca-')));
  event.httpMethod = request.method;
  event.path = request.path;
  event.headers = { ...gatewayHeaders, ...platformHeaders(request) };
  event.queryParameters = request.query ?? {};
  // As in the capture, the gateway hands the body base64-encoded.
  event.body = request.body ? request.body.toString('base64') : '';
  return event;
}

/** One FC shape for the shared helpers: each event is handed over as the Buffer the built-in runtime passes. */
export function aliyunShape(toEvent: (request: ConformanceRequest) => unknown): PlatformShape {
  return { createHandler, toEvent: (request) => asBuffer(toEvent(request)), context: fcContext, fromResult };
}

/** The client's view of an FC result: every spelling of Set-Cookie is one Set-Cookie header. */
export function fromResult(result: unknown): ConformanceResponse {
  const { statusCode, headers, body, isBase64Encoded } = result as AliyunHttpResult;
  const out: ConformanceResponse['headers'] = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw new Error(`header ${name} is not a string: the result headers must be a flat string map`);
    if (name.toLowerCase() === 'set-cookie') cookies.push(value);
    else out[name.toLowerCase()] = value;
  }
  if (cookies.length) out['set-cookie'] = cookies;
  return { status: statusCode, headers: out, body: Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8') };
}
