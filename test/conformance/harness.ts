import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES, CONFORMANCE_REQUEST_ID, type ConformanceCase, type ConformanceRequest, type ConformanceResponse } from './cases.js';

export interface ConformanceTarget {
  send(request: ConformanceRequest): Promise<ConformanceResponse>;
  close?(): Promise<void>;
}

/** The request as every target receives it: the case's request plus the shared request id. */
export function withRequestId(request: ConformanceRequest): ConformanceRequest {
  return { ...request, headers: { 'x-request-id': CONFORMANCE_REQUEST_ID, ...request.headers } };
}

/** `a=1; b=2` from a cookie map, as a browser would send it. */
export function cookieHeader(cookies: Record<string, string> | undefined): string | undefined {
  if (!cookies) return undefined;
  return Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ');
}

function setCookies(response: ConformanceResponse): string[] {
  const value = response.headers['set-cookie'];
  return value === undefined ? [] : [value].flat();
}

/** The cookies an answer set, by name, as a browser would send them back. */
function cookiesSet(response: ConformanceResponse): Record<string, string> {
  return Object.fromEntries(setCookies(response).map((cookie) => cookie.split(';')[0].split(/=(.*)/s).slice(0, 2)));
}

const DECODERS: Record<string, (body: Buffer) => Buffer> = { gzip: gunzipSync, deflate: inflateSync, br: brotliDecompressSync };

/** The body as the client reads it: compressed bytes a platform handler gave back are decoded here. */
function decodedBody(response: ConformanceResponse): Buffer {
  const encoding = response.headers['content-encoding'];
  if (response.bodyDecoded || typeof encoding !== 'string') return response.body;
  const decode = DECODERS[encoding];
  if (!decode) throw new Error(`no decoder for content-encoding ${encoding}`);
  return decode(response.body);
}

export function checkCase(testCase: Pick<ConformanceCase, 'name' | 'expect'>, response: ConformanceResponse): void {
  const { expect: expected } = testCase;
  const body = decodedBody(response);
  expect(response.status, `${testCase.name}: status`).toBe(expected.status);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    const actual = response.headers[name];
    const flat = Array.isArray(actual) ? actual.join(', ') : actual;
    if (value === null) expect(flat, `header ${name}`).toBeUndefined();
    else if (value instanceof RegExp) expect(flat, `header ${name}`).toMatch(value);
    else expect(flat, `header ${name}`).toBe(value);
  }
  if (expected.json !== undefined) expect(JSON.parse(body.toString('utf8'))).toEqual(expected.json);
  if (expected.text !== undefined) expect(body.toString('utf8')).toBe(expected.text);
  if (expected.bytes !== undefined) expect([...body]).toEqual(expected.bytes);
  if (expected.setCookies) {
    const cookies = setCookies(response);
    expect(cookies).toHaveLength(expected.setCookies.length);
    expected.setCookies.forEach((pattern, index) => expect(cookies[index]).toMatch(pattern));
  }
  expect(response.headers['x-request-id'], 'x-request-id').toBe(CONFORMANCE_REQUEST_ID);
}

/**
 * Runs the whole table against one target. A target only knows how to send a request and read the answer;
 * the cases and the checks are the same for all.
 */
export function describeConformance(label: string, setup: () => Promise<ConformanceTarget>, cases: ConformanceCase[] = CASES): void {
  describe(`conformance: ${label}`, () => {
    let target: ConformanceTarget;
    beforeAll(async () => {
      target = await setup();
    });
    afterAll(() => target?.close?.());
    it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => runCase(target, testCase));
  });
}

/** One case: its request, then its follow-up (if any) with the cookies the first answer set. */
async function runCase(target: ConformanceTarget, testCase: ConformanceCase): Promise<void> {
  const first = await target.send(withRequestId(testCase.request));
  checkCase(testCase, first);
  if (!testCase.then) return;
  const { request, expect: expected } = testCase.then;
  const second = await target.send(withRequestId({ ...request, cookies: { ...request.cookies, ...cookiesSet(first) } }));
  checkCase({ name: `${testCase.name}, then`, expect: expected }, second);
}
