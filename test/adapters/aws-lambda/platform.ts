import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { createHandler } from '../../../adapters/aws-lambda/index.js';
import { encodeBody } from '../../../adapters/common/body.js';
import { type ConformanceRequest, type ConformanceResponse } from '../../conformance/cases.js';
import { cookieHeader } from '../../conformance/harness.js';
import { fixtureReader, useConformanceApp as useApp, type PlatformShape } from '../shared.js';

/** A fresh copy of a documented payload from test/fixtures/events/aws/ (responses/ included). */
export const fixture = fixtureReader('aws');

/** Boots the conformance app once for the calling test file, with its AWS handler; spies are undone after each test. */
export const useConformanceApp = () => useApp(createHandler);

/** The context the Node.js runtime passes, with the fields the adapter reads. */
export const lambdaContext = (awsRequestId: string = randomUUID()) => ({
  awsRequestId,
  functionName: 'wick-conformance',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-2:123456789012:function:wick-conformance',
  memoryLimitInMB: '256',
  getRemainingTimeInMillis: () => 5000,
});

type HeaderList = [string, string[]][];

/**
 * The fixture's own headers (their casing kept, as the platform sends them) minus those the request replaces or
 * that describe the fixture's body, then the request's headers and its cookies as one Cookie header.
 */
function headerList(fixtureHeaders: Record<string, string | string[]> | null | undefined, request: ConformanceRequest, cookies: boolean): HeaderList {
  const replaced = new Set(['content-type', 'content-length', 'cookie', ...Object.keys(request.headers ?? {})]);
  const kept = Object.entries(fixtureHeaders ?? {})
    .filter(([name]) => !replaced.has(name.toLowerCase()))
    .map(([name, value]): [string, string[]] => [name, [value].flat()]);
  const own = Object.entries(request.headers ?? {}).map(([name, value]): [string, string[]] => [name, [value].flat()]);
  const cookie = cookies ? cookieHeader(request.cookies) : undefined;
  return [...kept, ...own, ...(cookie ? [['cookie', [cookie]] as [string, string[]]] : [])];
}

const lastValues = (list: HeaderList) => Object.fromEntries(list.map(([name, values]) => [name, values[values.length - 1]]));
const queryList = (request: ConformanceRequest): HeaderList => Object.entries(request.query ?? {}).map(([name, value]) => [name, [value].flat()]);

/** The platform's body fields: binary content types base64-encoded, as API Gateway (binary media types) and ALB send them. */
function bodyFields(request: ConformanceRequest): { body: string | null; isBase64Encoded: boolean } {
  if (!request.body) return { body: null, isBase64Encoded: false };
  return encodeBody(request.body, { 'content-type': request.headers?.['content-type'] ?? '' });
}

/**
 * REST API (v1) or HTTP API payload 1.0 event: `headers`/`queryStringParameters` hold the last value of a repeated
 * name (as AWS sends them), the multi-value maps all of them.
 */
export function apiGatewayV1Event(fixtureName: string, request: ConformanceRequest): Record<string, any> {
  const event = fixture(fixtureName);
  const headers = headerList(event.multiValueHeaders ?? event.headers, request, true);
  const query = queryList(request);
  event.httpMethod = request.method;
  event.path = request.path;
  event.requestContext.httpMethod = request.method;
  event.headers = lastValues(headers);
  event.multiValueHeaders = Object.fromEntries(headers);
  event.queryStringParameters = query.length ? lastValues(query) : null;
  event.multiValueQueryStringParameters = query.length ? Object.fromEntries(query) : null;
  return Object.assign(event, bodyFields(request));
}

/** HTTP API payload 2.0 or Function URL event: comma-joined headers, cookies in their own list, the raw query string. */
export function apiGatewayV2Event(fixtureName: string, request: ConformanceRequest): Record<string, any> {
  const event = fixture(fixtureName);
  const headers = headerList(event.headers, request, false);
  const query = queryList(request);
  const cookies = Object.entries(request.cookies ?? {}).map(([name, value]) => `${name}=${value}`);
  event.rawPath = request.path;
  event.requestContext.http.method = request.method;
  event.requestContext.http.path = request.path;
  event.headers = Object.fromEntries(headers.map(([name, values]) => [name.toLowerCase(), values.join(',')]));
  event.rawQueryString = query.flatMap(([name, values]) => values.map((value) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)).join('&');
  if (query.length) event.queryStringParameters = Object.fromEntries(query.map(([name, values]) => [name, values.join(',')]));
  else delete event.queryStringParameters;
  if (cookies.length) event.cookies = cookies;
  else delete event.cookies;
  return Object.assign(event, bodyFields(request));
}

/** ALB event in either target group mode; the load balancer passes query names and values still URL-encoded. */
export function albEvent(request: ConformanceRequest, multiValue: boolean): Record<string, any> {
  const event = fixture('alb-get-query-doc.json');
  const headers = headerList(event.headers, request, true);
  const query = queryList(request).map(([name, values]): [string, string[]] => [encodeURIComponent(name), values.map(encodeURIComponent)]);
  event.httpMethod = request.method;
  event.path = request.path;
  delete event.headers;
  delete event.queryStringParameters;
  if (multiValue) Object.assign(event, { multiValueHeaders: Object.fromEntries(headers), multiValueQueryStringParameters: Object.fromEntries(query) });
  else Object.assign(event, { headers: lastValues(headers), queryStringParameters: lastValues(query) });
  return Object.assign(event, bodyFields(request));
}

export type ResultShape = 'v1' | 'v2' | 'alb' | 'alb-multi-value';

const RESULT_KEYS: Record<ResultShape, string[]> = {
  v1: ['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'],
  v2: ['statusCode', 'headers', 'cookies', 'body', 'isBase64Encoded'],
  alb: ['statusCode', 'statusDescription', 'headers', 'body', 'isBase64Encoded'],
  'alb-multi-value': ['statusCode', 'statusDescription', 'multiValueHeaders', 'body', 'isBase64Encoded'],
};

const isStringMap = (value: unknown) => Object.values(value as object).every((item) => typeof item === 'string');
const isListMap = (value: unknown) => Object.values(value as object).every((item) => Array.isArray(item) && item.every((entry) => typeof entry === 'string'));

/** Checks a result holds only what the platform documents for its shape, with the documented types. */
export function expectDocumentedShape(result: any, shape: ResultShape): void {
  expect(Object.keys(result).filter((key) => !RESULT_KEYS[shape].includes(key)), `${shape} result keys`).toEqual([]);
  expect(typeof result.statusCode).toBe('number');
  expect(typeof result.body).toBe('string');
  expect(typeof result.isBase64Encoded).toBe('boolean');
  if (result.headers !== undefined) expect(isStringMap(result.headers), 'headers are single strings').toBe(true);
  if (result.multiValueHeaders !== undefined) expect(isListMap(result.multiValueHeaders), 'multiValueHeaders are lists').toBe(true);
  if (shape === 'v2') {
    expect(Object.keys(result.headers).map((name) => name.toLowerCase()), 'no set-cookie header in 2.0').not.toContain('set-cookie');
    if (result.cookies !== undefined) expect(result.cookies.every((cookie: unknown) => typeof cookie === 'string')).toBe(true);
  }
  if (shape.startsWith('alb')) expect(result.statusDescription).toMatch(new RegExp(`^${result.statusCode}\\b`));
}

/** One AWS event shape for the shared helpers: every result is checked against the documented shape before it is read. */
export function awsShape(toEvent: (request: ConformanceRequest) => unknown, shape: ResultShape): PlatformShape {
  return {
    createHandler,
    toEvent,
    context: lambdaContext,
    fromResult(result) {
      expectDocumentedShape(result, shape);
      return fromResult(result);
    },
  };
}

/** The platform result as the client would see it: one header map, Set-Cookie as a list from wherever it was put. */
export function fromResult(result: any): ConformanceResponse {
  const headers: ConformanceResponse['headers'] = {};
  for (const [name, value] of Object.entries<string>(result.headers ?? {})) headers[name.toLowerCase()] = value;
  for (const [name, values] of Object.entries<string[]>(result.multiValueHeaders ?? {})) headers[name.toLowerCase()] = values.length === 1 ? values[0] : values;
  const setCookie = result.cookies ?? headers['set-cookie'];
  if (setCookie !== undefined) headers['set-cookie'] = [setCookie].flat();
  return { status: result.statusCode, headers, body: Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8') };
}
