import { createHandler } from '../../../adapters/tencent-scf/index.js';
import { type TencentHttpResult } from '../../../adapters/tencent-scf/types.js';
import { type ConformanceRequest, type ConformanceResponse } from '../../conformance/cases.js';
import { cookieHeader } from '../../conformance/harness.js';
import { edited, fixtureReader, useConformanceApp as useApp, type PlatformShape } from '../shared.js';

type Payload = Record<string, any>;

/** A fresh deep copy of a fixture from test/fixtures/events/tencent/, so tests can edit it freely. */
export const fixture = fixtureReader('tencent');

/** The conformance app, booted once for the calling test file, with the SCF handler over it. */
export const useConformanceApp = () => useApp(createHandler);

/** Documented fixture copies with one edit applied. */
export const apiGatewayFixture = (edit?: (event: Payload) => void) => edited(fixture('apigw-trigger-doc.json'), edit);
export const functionUrlFixture = (edit?: (event: Payload) => void) => edited(fixture('function-url-event-doc.json'), edit);

/** What SCF's Node.js runtime passes as the second argument. */
export function scfContext(requestId = 'scf-4f6a7e1c-0000-4000-8000-000000000001'): Payload {
  return { request_id: requestId, function_name: 'wick', function_version: '$LATEST', namespace: 'default', memory_limit_in_mb: 128, time_limit_in_ms: 3000 };
}

/** A JSON string cannot carry arbitrary bytes: those go base64-encoded with the flag, as the gateway's Base64 feature does. */
function isText(body: Buffer): boolean {
  return Buffer.from(body.toString('utf8'), 'utf8').equals(body);
}

/** The platform's header map: one string per name, repeated values comma-joined, cookies in `cookie`. */
function platformHeaders(base: Payload, request: ConformanceRequest): Payload {
  const headers: Payload = { ...base };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name] = [value].flat().join(',');
  const cookie = cookieHeader(request.cookies);
  if (cookie) headers.cookie = cookie;
  return headers;
}

function withBody(event: Payload, body: Buffer | undefined): Payload {
  if (body && !isText(body)) return { ...event, body: body.toString('base64'), isBase64Encoded: true };
  return { ...event, body: body?.toString('utf8') ?? '' };
}

/** A documented event with the request's method, path, query (all of it in `queryString`), headers and body. */
function requestEvent(fixtureName: string, request: ConformanceRequest): Payload {
  const event = fixture(fixtureName);
  event.httpMethod = request.method;
  event.path = request.path;
  event.queryString = request.query ?? {};
  event.headers = platformHeaders(event.headers, request);
  return withBody(event, request.body);
}

/** The documented API Gateway event; the request declares no query parameters on the API. */
export const apiGatewayEvent = (request: ConformanceRequest): Payload => ({ ...requestEvent('apigw-trigger-doc.json', request), queryStringParameters: {} });

/** The documented Function URL event. */
export const functionUrlEvent = (request: ConformanceRequest): Payload => requestEvent('function-url-event-doc.json', request);

/** Reads a result as a client would see it: base64 bodies decoded, Set-Cookie as a list wherever it was put. */
export function fromResult(output: unknown): ConformanceResponse {
  const result = output as TencentHttpResult;
  const headers: ConformanceResponse['headers'] = {};
  for (const [name, value] of Object.entries(result.headers)) {
    headers[name.toLowerCase()] = name.toLowerCase() === 'set-cookie' ? [value].flat() : value;
  }
  return { status: result.statusCode, headers, body: Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') };
}

/** One SCF shape for the shared helpers. */
export function tencentShape(toEvent: (request: ConformanceRequest) => Payload): PlatformShape {
  return { createHandler, toEvent, context: scfContext, fromResult };
}
