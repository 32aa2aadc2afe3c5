import { describe, expect, it, vi } from 'vitest';
import { type WickHttpRequest } from 'wick';
import { toApiGatewayResult, toHttpTriggerResult } from '../../../adapters/aliyun-fc/response.js';
import { apiGatewayEvent, asBuffer, fcContext, fixture, fromResult, httpTriggerEvent, useConformanceApp } from './platform.js';

const booted = useConformanceApp();

/** Sends an event and returns the platform result plus the normalized request the adapter made of it. */
async function invoke(event: unknown, context: unknown = fcContext()) {
  const spy = vi.spyOn(booted.app.functions, 'invokeHttp');
  try {
    const result = (await booted.handler(event, context)) as any;
    const request = spy.mock.calls[0]?.[1] as WickHttpRequest;
    return { result, request, response: fromResult(result) };
  } finally {
    spy.mockRestore();
  }
}

const json = (response: { body: Buffer }) => JSON.parse(response.body.toString('utf8'));

function docEventAt(rawPath: string) {
  const event = fixture('fc3-http-trigger-doc.json');
  event.rawPath = rawPath;
  event.requestContext.http.path = rawPath;
  return event;
}

describe('aliyun FC 3.0 HTTP trigger quirks', () => {
  it('reads the event as the runtime passes it (a Buffer), as a JSON string, a Uint8Array or a parsed object, alike', async () => {
    const event = docEventAt('/conf/query');
    const answers = await Promise.all(
      [asBuffer(event), JSON.stringify(event), new Uint8Array(asBuffer(event)), event].map(async (form) => json((await invoke(form)).response)),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toEqual({ query: { parameter1: 'value1', parameter2: ['value1', 'value2'] } });
  });

  it('splits a comma-joined query value back into the repeated key it came from', async () => {
    const { request } = await invoke(asBuffer(docEventAt('/conf/query')));
    expect(request.query).toEqual({ parameter1: 'value1', parameter2: ['value1', 'value2'] });
  });

  it('also splits a literal comma in one value: FC joins repeated keys with commas and keeps no difference', async () => {
    const event = docEventAt('/conf/query');
    event.queryParameters = { list: 'a,b', plain: 'x y' };
    expect(json((await invoke(asBuffer(event))).response)).toEqual({ query: { list: ['a', 'b'], plain: 'x y' } });
  });

  it('keeps a comma-joined header as one list-valued header, with the lower-cased name', async () => {
    const { request } = await invoke(asBuffer(docEventAt('/conf/hello')));
    expect(request.headers).toMatchObject({ header1: 'value1', header2: 'value1,value2' });
  });

  it('lower-cases the Go-canonical header names FC sends', async () => {
    const event = docEventAt('/conf/headers');
    event.headers = { 'X-Single': 'one', 'X-Multi': 'first,second', 'Content-Type': 'text/plain' };
    const { request, response } = await invoke(asBuffer(event));
    expect(request.headers).toMatchObject({ 'x-single': 'one', 'x-multi': 'first,second', 'content-type': 'text/plain' });
    expect(json(response)).toEqual({ single: 'one', multi: ['first', 'second'], host: true });
  });

  it('routes on the URL-encoded rawPath, so an encoded slash stays inside its segment', async () => {
    const event = docEventAt('/conf/users/4%2F2');
    event.requestContext.http.path = '/conf/users/4/2';
    const { request, response } = await invoke(asBuffer(event));
    expect(request.path).toBe('/conf/users/4%2F2');
    expect(response.status).toBe(400);
    expect(json(response).error.message).toBe('route parameter "id" must be a number, got "4/2"');
  });

  it('percent-encodes what cannot travel raw in a path and keeps the escapes already there', async () => {
    const { request } = await invoke(asBuffer(docEventAt('/conf/ä b/%41?#')));
    expect(request.path).toBe('/conf/%C3%A4%20b/%41%3F%23');
  });

  it('takes isBase64Encoded true with an empty body on a GET (the hono capture) as no body at all', async () => {
    const event = fixture('fc3-http-trigger-get-hono-adapter-test.json');
    expect(event).toMatchObject({ isBase64Encoded: true, body: '' });
    event.rawPath = '/conf/query';
    const { request, response } = await invoke(asBuffer(event));
    expect(request.body).toBeUndefined();
    expect(response.status).toBe(200);
    expect(json(response)).toEqual({ query: { parameter2: 'value' } });
  });

  it('uses the trigger domain as Host (Go moves Host out of the headers) and sourceIp as the remote address', async () => {
    const { request } = await invoke(asBuffer(fixture('fc3-http-trigger-get-hono-adapter-test.json')));
    expect(request.headers?.host).toBe('hono-al-fc-test.us-east-1.fcapp.run');
    expect(request.remoteAddress).toBe('1.2.3.4');
    expect(request.method).toBe('GET');
  });

  it('sets x-request-id from context.requestId, else from requestContext.requestId, and never overrides the client', async () => {
    const event = docEventAt('/conf/hello');
    expect((await invoke(asBuffer(event), fcContext('fc-ctx-1'))).response.headers['x-request-id']).toBe('fc-ctx-1');
    event.requestContext.requestId = '1-64f6cd87-abcdef';
    expect((await invoke(asBuffer(event), {})).response.headers['x-request-id']).toBe('1-64f6cd87-abcdef');
    event.headers['X-Request-Id'] = 'client-7';
    expect((await invoke(asBuffer(event), fcContext('fc-ctx-1'))).response.headers['x-request-id']).toBe('client-7');
  });

  it('answers in the documented response struct: statusCode, flat string headers, isBase64Encoded, string body', async () => {
    const { result } = await invoke(asBuffer(docEventAt('/conf/text')));
    expect(Object.keys(result)).toEqual(['statusCode', 'headers', 'isBase64Encoded', 'body']);
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: false, body: 'plain text' });
    expect(Object.values(result.headers).every((value) => typeof value === 'string')).toBe(true);
    expect(result.headers).toMatchObject({ 'content-type': 'text/plain; charset=utf-8', 'x-powered-by': 'wick' });
  });

  it('base64-encodes a binary response body', async () => {
    const { result } = await invoke(asBuffer(docEventAt('/conf/binary')));
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: true, body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x01]).toString('base64') });
  });

  it('sends each Set-Cookie under its own spelling of the name, so the header map stays flat and no cookie is folded', async () => {
    const { result, response } = await invoke(asBuffer(httpTriggerEvent({ method: 'GET', path: '/conf/cookies' })));
    const cookieKeys = Object.keys(result.headers).filter((name) => name.toLowerCase() === 'set-cookie');
    expect(cookieKeys).toEqual(['set-cookie', 'Set-cookie']);
    expect(result.headers['set-cookie']).toBe('session=abc123; path=/; httponly');
    expect(result.headers['Set-cookie']).toBe('theme=dark; path=/; httponly');
    expect(response.headers['set-cookie']).toEqual(['session=abc123; path=/; httponly', 'theme=dark; path=/; httponly']);
  });
});

describe('aliyun API Gateway trigger quirks', () => {
  it('decodes the base64 JSON body of the captured pass-through POST', async () => {
    const event = fixture('apigw-trigger-post-json-base64-midway.json');
    event.path = '/conf/echo';
    const { request, response } = await invoke(asBuffer(event));
    expect(request.body?.toString()).toBe('{"c":"b"}');
    expect(request.headers).toMatchObject({ 'x-ca-stage': 'RELEASE', 'content-type': 'application/json; charset=utf-8' });
    expect(json(response)).toEqual({ body: { c: 'b' }, type: 'application/json' });
  });

  it('accepts isBase64Encoded as the strings "true" and "false" the schematic documents', async () => {
    const encoded = fixture('apigw-trigger-post-json-base64-midway.json');
    encoded.path = '/conf/echo';
    encoded.isBase64Encoded = 'true';
    expect(json((await invoke(asBuffer(encoded))).response).body).toEqual({ c: 'b' });

    const plain = { ...encoded, isBase64Encoded: 'false', body: '{"c":"plain"}' };
    expect(json((await invoke(asBuffer(plain))).response).body).toEqual({ c: 'plain' });
  });

  it('keeps a query value with a comma whole, and a listed value as a repeated key', async () => {
    const event = apiGatewayEvent({ method: 'GET', path: '/conf/query', query: { list: 'a,b', tag: ['x', 'y'] } });
    expect(json((await invoke(asBuffer(event))).response)).toEqual({ query: { list: 'a,b', tag: ['x', 'y'] } });
  });

  it('answers with the same keys, in the same order and of the same types as the documented response', async () => {
    const documented = fixture('responses/apigw-trigger-response-midway-fixture.json');
    const { result } = await invoke(asBuffer(apiGatewayEvent({ method: 'GET', path: '/conf/text' })));
    expect(Object.keys(result)).toEqual(Object.keys(documented));
    for (const key of Object.keys(documented)) expect(typeof result[key], key).toBe(typeof documented[key]);
    expect(Object.values(result.headers).every((value) => typeof value === 'string')).toBe(true);
    expect(result).toMatchObject({ isBase64Encoded: false, statusCode: 200, body: 'plain text' });
  });
});

describe('aliyun response formatting', () => {
  const response = (headers: Record<string, string | string[]>) => ({ status: 200, headers, body: Buffer.from('ok') });

  it('joins any other repeated response header with commas', () => {
    expect(toHttpTriggerResult(response({ vary: ['accept', 'origin'], 'content-type': 'text/plain' })).headers).toEqual({
      vary: 'accept, origin',
      'content-type': 'text/plain',
    });
  });

  it('gives a single cookie the plain set-cookie name in both formats', () => {
    for (const format of [toHttpTriggerResult, toApiGatewayResult]) {
      expect(format(response({ 'set-cookie': ['a=1'] })).headers).toEqual({ 'set-cookie': 'a=1' });
    }
  });

  it('spells every one of many cookies differently and loses none', () => {
    const cookies = Array.from({ length: 600 }, (_, index) => `c${index}=${index}`);
    const { headers } = toApiGatewayResult(response({ 'set-cookie': cookies }));
    const names = Object.keys(headers);
    expect(names.every((name) => name.toLowerCase() === 'set-cookie')).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.values(headers).join(', ')).toBe(cookies.join(', '));
  });
});
