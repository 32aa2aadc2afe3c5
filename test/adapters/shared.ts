import { readFileSync } from 'node:fs';
import { maxHeaderSize } from 'node:http';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { type WickApplication, type WickHttpRequest } from 'wick';
import { headSize } from '../../adapters/common/request.js';
import { type PlatformHandler } from '../../adapters/common/platform.js';
import { type ConformanceRequest, type ConformanceResponse } from '../conformance/cases.js';
import { type ConformanceTarget } from '../conformance/harness.js';
import { bootConformanceApp } from '../conformance/targets.js';

/*
 * Helpers every adapter's tests share. Each platform's platform.ts keeps only what is its own: how a request
 * becomes its events, and how its results read back.
 */

/** Fresh copies of the captured payloads in test/fixtures/events/<platform>/, so tests can edit them freely. */
export function fixtureReader(platform: 'aws' | 'aliyun' | 'tencent'): <T = any>(name: string) => T {
  const folder = new URL(`../fixtures/events/${platform}/`, import.meta.url);
  return (name) => JSON.parse(readFileSync(new URL(name, folder), 'utf8'));
}

/** An event with one edit applied, for tests that break or tweak a single field. */
export function edited<T>(event: T, edit: (event: T) => void = () => {}): T {
  edit(event);
  return event;
}

/** The conformance app, booted once for the calling test file, with the platform's aggregate handler; spies are undone after each test. */
export function useConformanceApp<H>(createHandler: (app: WickApplication) => H): { app: WickApplication; handler: H } {
  const booted = {} as { app: WickApplication; handler: H };
  beforeAll(async () => {
    booted.app = await bootConformanceApp();
    booted.handler = createHandler(booted.app);
  });
  afterAll(() => booted.app?.close());
  afterEach(() => vi.restoreAllMocks());
  return booted;
}

/** How one platform shape is spoken to: its handler, its event for a request, the context its runtime passes, its result read back. */
export interface PlatformShape {
  createHandler(app: WickApplication): PlatformHandler;
  toEvent(request: ConformanceRequest): unknown;
  context(requestId?: string): unknown;
  fromResult(result: unknown): ConformanceResponse;
}

/** The conformance app behind one platform shape: the target every adapter's conformance test hands the harness. */
export function adapterTarget(shape: PlatformShape): () => Promise<ConformanceTarget> {
  return async () => {
    const app = await bootConformanceApp();
    const handler = shape.createHandler(app);
    return {
      send: async (request) => shape.fromResult(await handler(shape.toEvent(request), shape.context())),
      close: () => app.close(),
    };
  };
}

/**
 * An answer given before the app ran (malformed event, head too large): the JSON error body every mode uses,
 * with this status and request id. Returns the message for the caller's own checks.
 */
export function expectErrorAnswer(response: ConformanceResponse, status: number, requestId: string): string {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['x-request-id']).toBe(requestId);
  const body = JSON.parse(response.body.toString('utf8'));
  expect(body).toEqual({ error: { status, message: expect.any(String), requestId } });
  return body.error.message;
}

/** The 431 message for a head of any size: what server mode's limit is, and where it comes from. */
export const HEAD_TOO_LARGE = new RegExp(`^request line and headers are \\d+ bytes; server mode \\(node:http maxHeaderSize\\) takes under ${maxHeaderSize}$`);

/** The query every `__proto__` test sends, in whatever form its platform carries it: a repeated `__proto__` key and a plain one. */
export const PROTO_QUERY = '{"__proto__": ["a", "b"], "x": "1"}';

/**
 * An event whose header and query maps have a `__proto__` key (and a `Constructor` header) as JSON gives it: the
 * request the adapter hands the app keeps them as plain entries, its maps keep their prototype, and the app answers.
 */
export async function expectProtoKeysPlain(app: WickApplication, send: () => Promise<ConformanceResponse>): Promise<void> {
  const invokeHttp = vi.spyOn(app.functions, 'invokeHttp');
  try {
    const response = await send();
    const request = invokeHttp.mock.calls[0][1] as WickHttpRequest;
    expect(Object.getPrototypeOf(request.query)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(request.headers)).toBe(Object.prototype);
    expect(Object.entries(request.query!)).toEqual(Object.entries(JSON.parse(PROTO_QUERY)));
    expect(Object.entries(request.headers!)).toEqual(expect.arrayContaining([['__proto__', 'evil'], ['constructor', 'c']]));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString('utf8'))).toEqual({ query: JSON.parse(PROTO_QUERY) });
  } finally {
    invokeHttp.mockRestore();
  }
}

/**
 * Server mode's limit, through one platform shape: one header is padded so the head the adapter hands the app
 * is one byte under Node's `maxHeaderSize` (it goes through), then exactly at it (431, the app never called).
 * Returns the platform's 431 result for the caller's format checks.
 */
export async function expectHeadLimit(app: WickApplication, shape: PlatformShape, requestId: string): Promise<unknown> {
  const handler = shape.createHandler(app);
  const padded = (pad: string): ConformanceRequest => ({ method: 'GET', path: '/conf/hello', headers: { 'x-request-id': requestId, 'x-pad': pad } });
  const send = async (pad: string) => handler(shape.toEvent(padded(pad)), shape.context(requestId));
  const invokeHttp = vi.spyOn(app.functions, 'invokeHttp');
  try {
    await send('');
    const seen = invokeHttp.mock.calls[0][1] as WickHttpRequest;
    const room = maxHeaderSize - headSize(seen.path, seen.query ?? {}, seen.headers ?? {});
    expect(shape.fromResult(await send('x'.repeat(room - 1))).status).toBe(200);
    const result = await send('x'.repeat(room));
    expect(invokeHttp).toHaveBeenCalledTimes(2);
    const message = expectErrorAnswer(shape.fromResult(result), 431, requestId);
    expect(message).toBe(`request line and headers are ${maxHeaderSize} bytes; server mode (node:http maxHeaderSize) takes under ${maxHeaderSize}`);
    return result;
  } finally {
    invokeHttp.mockRestore();
  }
}
