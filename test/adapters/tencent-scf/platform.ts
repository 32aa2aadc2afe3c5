import { readFileSync } from 'node:fs';
import { createHandler } from '../../../adapters/tencent-scf/index.js';
import { type TencentHttpResult } from '../../../adapters/tencent-scf/types.js';
import { type ConformanceRequest, type ConformanceResponse } from '../../conformance/cases.js';
import { cookieHeader, type ConformanceTarget } from '../../conformance/harness.js';
import { bootConformanceApp } from '../../conformance/targets.js';

type Payload = Record<string, any>;

/** A fresh deep copy of a fixture from test/fixtures/events/tencent/, so tests can edit it freely. */
export function fixture(name: string): Payload {
  return JSON.parse(readFileSync(new URL(`../../fixtures/events/tencent/${name}`, import.meta.url), 'utf8'));
}

/** A fixture copy with one edit applied. */
export function edited(name: string, edit: (event: Payload) => void = () => {}): Payload {
  const event = fixture(name);
  edit(event);
  return event;
}

export const apiGatewayFixture = (edit?: (event: Payload) => void) => edited('apigw-trigger-doc.json', edit);
export const functionUrlFixture = (edit?: (event: Payload) => void) => edited('function-url-event-doc.json', edit);

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

/** The documented API Gateway event with the request's method, path, query, headers and body. */
export function apiGatewayEvent(request: ConformanceRequest): Payload {
  const event = fixture('apigw-trigger-doc.json');
  event.httpMethod = request.method;
  event.path = request.path;
  event.queryString = request.query ?? {};
  event.queryStringParameters = {};
  event.headers = platformHeaders(event.headers, request);
  return withBody(event, request.body);
}

/** The documented Function URL event with the request's method, path, query, headers and body. */
export function functionUrlEvent(request: ConformanceRequest): Payload {
  const event = fixture('function-url-event-doc.json');
  event.httpMethod = request.method;
  event.path = request.path;
  event.queryString = request.query ?? {};
  event.headers = platformHeaders(event.headers, request);
  return withBody(event, request.body);
}

/** Reads a result as a client would see it: base64 bodies decoded, Set-Cookie as a list wherever it was put. */
export function fromResult(result: TencentHttpResult): ConformanceResponse {
  const headers: ConformanceResponse['headers'] = {};
  for (const [name, value] of Object.entries(result.headers)) {
    headers[name.toLowerCase()] = name.toLowerCase() === 'set-cookie' ? [value].flat() : value;
  }
  return { status: result.statusCode, headers, body: Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') };
}

/** The conformance app behind the Tencent handler, fed by one event builder. */
export function tencentTarget(toEvent: (request: ConformanceRequest) => Payload): () => Promise<ConformanceTarget> {
  return async () => {
    const app = bootConformanceApp();
    const handler = createHandler(app);
    return {
      send: async (request) => fromResult((await handler(toEvent(request), scfContext())) as TencentHttpResult),
      close: async () => (await app).close(),
    };
  };
}
