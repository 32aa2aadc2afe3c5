import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { type WickHttpRequest } from 'wick';
import {
  albEvent, apiGatewayV1Event, apiGatewayV2Event, expectDocumentedShape, fixture, fromResult, lambdaContext, useConformanceApp,
} from './platform.js';

const aws = useConformanceApp();

/** Runs an event and returns the normalized request the adapter handed to the core, with the platform result. */
async function translate(event: unknown, context: unknown = lambdaContext()): Promise<{ request: WickHttpRequest; result: any }> {
  const invokeHttp = vi.spyOn(aws.app.functions, 'invokeHttp');
  invokeHttp.mockClear();
  const result = await aws.handler(event, context);
  expect(invokeHttp).toHaveBeenCalledTimes(1);
  return { request: invokeHttp.mock.calls[0][1], result };
}

const json = (result: any) => JSON.parse(fromResult(result).body.toString('utf8'));
const SAM_BODY = Buffer.from('{"test":"body"}');
/** What /conf/cookies sets (Koa cookies are httpOnly unless told otherwise). */
const SET_COOKIES = ['session=abc123; path=/; httponly', 'theme=dark; path=/; httponly'];

describe('stage prefixes', () => {
  it('strips a named HTTP API stage from rawPath (payload 2.0)', async () => {
    const event = apiGatewayV2Event('apigw-v2-post-cookies-doc.json', { method: 'GET', path: '/prod/conf/hello', query: { name: 'ada' } });
    event.requestContext.stage = 'prod';
    const { request, result } = await translate(event);
    expect(request.path).toBe('/conf/hello');
    expect(json(result)).toEqual({ message: 'hello ada' });
  });

  it('strips a named HTTP API stage from path (payload 1.0), and maps the bare stage to /', async () => {
    const event = apiGatewayV1Event('apigw-http-api-payload-v1.0-doc.json', { method: 'GET', path: '/dev/conf/hello' });
    event.requestContext.stage = 'dev';
    expect((await translate(event)).request.path).toBe('/conf/hello');
    event.path = '/dev';
    expect((await translate(event)).request.path).toBe('/');
  });

  it('keeps a path that only starts with the stage name, and any path on the $default stage', async () => {
    const named = apiGatewayV2Event('apigw-v2-post-cookies-doc.json', { method: 'GET', path: '/production/conf/hello' });
    named.requestContext.stage = 'prod';
    expect((await translate(named)).request.path).toBe('/production/conf/hello');
    const byDefault = apiGatewayV2Event('apigw-v2-post-cookies-doc.json', { method: 'GET', path: '/prod/conf/hello' });
    expect(byDefault.requestContext.stage).toBe('$default');
    expect((await translate(byDefault)).request.path).toBe('/prod/conf/hello');
  });

  it('never strips a REST API path: it excludes the stage already (requestContext.path has it)', async () => {
    const event = fixture('apigw-v1-post-base64-body-sam.json');
    expect(event.requestContext).toMatchObject({ stage: 'prod', path: '/prod/path/to/resource' });
    const { request, result } = await translate(event);
    expect(request.path).toBe('/path/to/resource');
    expect(json(result).error.message).toBe('no route for POST /path/to/resource');
  });
});

describe('payload version', () => {
  it('a REST (v1) event that carries rawPath is still read as REST: v2 is the one with requestContext.http', async () => {
    const event = fixture('apigw-v1-post-json-body.json');
    Object.assign(event, { path: '/conf/hello', httpMethod: 'GET', body: null, rawPath: '/conf/hello' });
    expect(event.requestContext.http).toBeUndefined();
    const { request, result } = await translate(event);
    expect(request.path).toBe('/conf/hello');
    expectDocumentedShape(result, 'v1');
    // The fixture's own query (name=me) is read from the REST maps.
    expect(json(result)).toEqual({ message: 'hello me' });
  });
});

describe('query strings', () => {
  it('REST API: the multi-value map wins over the single-value one, whichever value that holds', async () => {
    const event = fixture('apigw-v1-get-multivalue-query.json');
    event.path = '/conf/query';
    // The doc sample's single map holds the first value; real API Gateway holds the last. Neither may be used.
    expect(event.queryStringParameters.parameter1).toBe('value1');
    expect(json((await translate(event)).result)).toEqual({ query: { parameter1: ['value1', 'value2'], parameter2: 'value' } });
    event.queryStringParameters.parameter1 = 'value2';
    expect(json((await translate(event)).result)).toEqual({ query: { parameter1: ['value1', 'value2'], parameter2: 'value' } });
  });

  it('REST API: without the multi-value map, the single-value map is all there is (the last value)', async () => {
    const event = fixture('apigw-v1-get-multivalue-query.json');
    event.path = '/conf/query';
    event.queryStringParameters.parameter1 = 'value2';
    delete event.multiValueQueryStringParameters;
    expect(json((await translate(event)).result)).toEqual({ query: { parameter1: 'value2', parameter2: 'value' } });
  });

  it('payload 2.0: repeated keys come from rawQueryString, not the comma-joined map', async () => {
    const event = fixture('apigw-v2-post-cookies-doc.json');
    Object.assign(event, { rawPath: '/conf/query' });
    event.requestContext.http.method = 'GET';
    expect(event.queryStringParameters.parameter1).toBe('value1,value2');
    expect(json((await translate(event)).result)).toEqual({ query: { parameter1: ['value1', 'value2'], parameter2: 'value' } });
  });

  it('payload 2.0: rawQueryString is percent- and plus-decoded', async () => {
    const event = apiGatewayV2Event('apigw-v2-post-cookies-doc.json', { method: 'GET', path: '/conf/query' });
    event.rawQueryString = 'q=caf%C3%A9+au+lait&sp%20ace=1';
    expect(json((await translate(event)).result)).toEqual({ query: { q: 'café au lait', 'sp ace': '1' } });
  });

  it('ALB: query names and values arrive URL-encoded and are decoded, a broken escape kept as sent', async () => {
    const event = albEvent({ method: 'GET', path: '/conf/query' }, false);
    event.queryStringParameters = { 'na%20me': 'x+y%20z', pct: '100%', utf: '%E2%9C%93' };
    expect(json((await translate(event)).result)).toEqual({ query: { 'na me': 'x y z', pct: '100%', utf: '✓' } });
  });

  it('ALB single-value mode: a repeated key arrives as its last value, so the handler sees only that', async () => {
    const event = albEvent({ method: 'GET', path: '/conf/query', query: { tag: ['a', 'b'] } }, false);
    expect(event.queryStringParameters).toEqual({ tag: 'b' });
    expect(json((await translate(event)).result)).toEqual({ query: { tag: 'b' } });
  });
});

describe('headers and cookies', () => {
  it('REST API: multiValueHeaders win, names are lower-cased, repeated values stay a list', async () => {
    const { request } = await translate(fixture('apigw-v1-get-multivalue-query.json'));
    expect(request.headers).toMatchObject({ header1: 'value1', header2: ['value1', 'value2'] });
    const mixedCase = await translate(fixture('apigw-v1-post-json-body.json'));
    expect(mixedCase.request.headers).toMatchObject({ 'content-type': 'application/json', host: 'gy415nuibc.execute-api.us-east-1.amazonaws.com', headername: 'headerValue' });
  });

  it('ALB single-value mode: a repeated header arrives as its last value', async () => {
    const event = albEvent({ method: 'GET', path: '/conf/headers', headers: { 'x-single': 'one', 'x-multi': ['first', 'second'] } }, false);
    expect(json((await translate(event)).result)).toMatchObject({ single: 'one', multi: ['second'] });
  });

  it('payload 2.0: the cookies list becomes one Cookie header, merged with any Cookie header', async () => {
    const event = fixture('apigw-v2-post-cookies-doc.json');
    expect((await translate(event)).request.headers?.cookie).toBe('cookie1; cookie2');
    Object.assign(event, { rawPath: '/conf/cookies', cookies: ['visitor=v42'] });
    event.requestContext.http.method = 'GET';
    event.headers.cookie = 'lang=en';
    const { request, result } = await translate(event);
    expect(request.headers?.cookie).toBe('lang=en; visitor=v42');
    expect(json(result)).toEqual({ seen: 'v42', other: 'en' });
  });

  it('payload 2.0 and Function URL: every Set-Cookie goes to cookies, none to headers, no multiValueHeaders', async () => {
    for (const name of ['apigw-v2-post-cookies-doc.json', 'lambda-function-url-post-iam-doc.json']) {
      const { result } = await translate(apiGatewayV2Event(name, { method: 'GET', path: '/conf/cookies' }));
      expectDocumentedShape(result, 'v2');
      expect(result.multiValueHeaders).toBeUndefined();
      expect(result.cookies).toEqual(SET_COOKIES);
    }
  });

  it('REST API and payload 1.0: several Set-Cookie go to multiValueHeaders, single headers to headers', async () => {
    for (const name of ['apigw-v1-post-json-body.json', 'apigw-http-api-payload-v1.0-doc.json']) {
      const { result } = await translate(apiGatewayV1Event(name, { method: 'GET', path: '/conf/cookies' }));
      expect(result.multiValueHeaders).toEqual({ 'set-cookie': SET_COOKIES });
      expect(result.headers['set-cookie']).toBeUndefined();
      expect(result.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('ALB multi-value mode: every header is a list, both cookies included', async () => {
    const { result } = await translate(albEvent({ method: 'GET', path: '/conf/cookies' }, true));
    expect(result.headers).toBeUndefined();
    expect(result.multiValueHeaders['set-cookie']).toEqual(SET_COOKIES);
    expect(result.multiValueHeaders['content-type']).toEqual([expect.stringMatching(/^application\/json/)]);
  });

  it('ALB single-value mode: only headers, so only the last Set-Cookie can be sent', async () => {
    const { result } = await translate(albEvent({ method: 'GET', path: '/conf/cookies' }, false));
    expect(result.multiValueHeaders).toBeUndefined();
    expect(result.headers['set-cookie']).toBe(SET_COOKIES[1]);
  });

  it('takes Host from requestContext.domainName when the event has none', async () => {
    const event = fixture('lambda-function-url-post-iam-doc.json');
    expect(event.headers.host).toBeUndefined();
    expect((await translate(event)).request.headers?.host).toBe('<url-id>.lambda-url.us-west-2.on.aws');
  });

  it('takes the client address from sourceIp only when it is an IP address', async () => {
    expect((await translate(fixture('apigw-v1-post-json-body.json'))).request.remoteAddress).toBe('192.168.196.186');
    expect((await translate(fixture('lambda-function-url-post-iam-doc.json'))).request.remoteAddress).toBe('123.123.123.123');
    // The SAM sample writes a CIDR block; it is no address, so it is left out rather than passed on.
    expect((await translate(fixture('apigw-v2-post-base64-body-sam.json'))).request.remoteAddress).toBeUndefined();
  });
});

describe('request ids', () => {
  it('sets x-request-id from the Lambda awsRequestId when the client sent none', async () => {
    const { request, result } = await translate(fixture('apigw-v1-post-json-body.json'), lambdaContext('lambda-req-1'));
    expect(request.headers?.['x-request-id']).toBe('lambda-req-1');
    expect(result.headers['x-request-id']).toBe('lambda-req-1');
  });

  it('falls back to requestContext.requestId without a Lambda context, and keeps a client x-request-id', async () => {
    const { result } = await translate(fixture('apigw-v2-put-json-body.json'), null);
    expect(result.headers['x-request-id']).toBe('J7jk9g-7oAMEJGw=');
    const event = fixture('apigw-v2-put-json-body.json');
    event.headers['x-request-id'] = 'client-7';
    expect((await translate(event, lambdaContext('lambda-req-2'))).result.headers['x-request-id']).toBe('client-7');
  });
});

describe('bodies', () => {
  const uploaded = { length: SAM_BODY.length, sha256: createHash('sha256').update(SAM_BODY).digest('hex') };

  it.each([
    ['REST API', 'apigw-v1-post-base64-body-sam.json', (event: any) => (event.path = '/conf/upload')],
    ['HTTP API 2.0', 'apigw-v2-post-base64-body-sam.json', (event: any) => (event.rawPath = '/conf/upload')],
    ['ALB', 'alb-post-base64-body-sam.json', (event: any) => (event.path = '/conf/upload')],
  ])('%s: the SAM sample base64 body arrives decoded, byte for byte', async (_shape, name, toUpload) => {
    const event = fixture(name);
    expect(event.isBase64Encoded).toBe(true);
    toUpload(event);
    expect(json((await translate(event)).result)).toEqual(uploaded);
  });

  it('isBase64Encoded with an empty body is no body, not an error', async () => {
    const event = apiGatewayV2Event('apigw-v2-post-cookies-doc.json', { method: 'GET', path: '/conf/hello' });
    Object.assign(event, { body: '', isBase64Encoded: true });
    const { request, result } = await translate(event);
    expect(request.body).toBeUndefined();
    expect(result.statusCode).toBe(200);
  });

  it('a real HTTP API 2.0 PUT with a JSON string body and its content-length is parsed', async () => {
    const event = fixture('apigw-v2-put-json-body.json');
    event.rawPath = '/conf/echo';
    expect(json((await translate(event)).result)).toEqual({ replaced: { firstName: 'Smith', lastName: 'Agent' } });
  });

  it('binary responses are base64 with isBase64Encoded, text and empty ones are not', async () => {
    const binary = (await translate(apiGatewayV2Event('apigw-v2-post-cookies-doc.json', { method: 'GET', path: '/conf/binary' }))).result;
    expect(binary).toMatchObject({ isBase64Encoded: true, body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x01]).toString('base64') });
    const empty = (await translate(apiGatewayV1Event('apigw-v1-post-json-body.json', { method: 'DELETE', path: '/conf/users/7' }))).result;
    expect(empty).toMatchObject({ statusCode: 204, body: '', isBase64Encoded: false });
  });
});

describe('paths', () => {
  it('re-encodes the decoded path HTTP APIs send, and does not double-encode the encoded one REST sends', async () => {
    const decoded = apiGatewayV2Event('apigw-v2-put-json-body.json', { method: 'GET', path: '/conf/users/4 2%' });
    const encoded = apiGatewayV1Event('apigw-v1-post-json-body.json', { method: 'GET', path: '/conf/users/4%202%25' });
    for (const event of [decoded, encoded]) {
      const { request, result } = await translate(event);
      expect(request.path).toBe('/conf/users/4%202%25');
      expect(json(result).error.message).toBe('route parameter "id" must be a number, got "4 2%"');
    }
  });
});

describe('result shapes match the documented examples in test/fixtures/events/aws/responses', () => {
  /** Every key we return is one the example has (isBase64Encoded may be omitted there), with the same kind of value. */
  function expectLike(ours: Record<string, unknown>, example: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(ours)) {
      if (key === 'isBase64Encoded' && !(key in example)) continue;
      expect(Object.keys(example), `documented key ${key}`).toContain(key);
      expect(Array.isArray(value), `${key} is a list`).toBe(Array.isArray(example[key]));
      expect(typeof value, `${key} type`).toBe(typeof example[key]);
      if (key === 'headers' || key === 'multiValueHeaders') {
        const kind = (map: object) => [...new Set(Object.values(map).map((item) => (Array.isArray(item) ? 'list' : typeof item)))];
        expect(kind(value as object), `${key} values`).toEqual(kind(example[key] as object));
      }
    }
  }

  it('REST API: like the multi-value example for cookies, like the minimal one otherwise', async () => {
    const cookies = (await translate(apiGatewayV1Event('apigw-v1-post-json-body.json', { method: 'GET', path: '/conf/cookies' }))).result;
    expectLike(cookies, fixture('responses/apigw-v1-response-multivalue-headers.json'));
    const minimal = fixture('responses/apigw-v1-response-minimal-doc.json');
    const text = (await translate(apiGatewayV1Event('apigw-v1-post-json-body.json', { method: 'GET', path: '/conf/text' }))).result;
    expect(text).toMatchObject({ statusCode: minimal.statusCode, body: 'plain text' });
    expect(text.multiValueHeaders).toBeUndefined();
  });

  it('Function URL and payload 2.0: the same keys as the documented example', async () => {
    const example = fixture('responses/function-url-response-doc.json');
    const { result } = await translate(apiGatewayV2Event('lambda-function-url-post-iam-doc.json', { method: 'GET', path: '/conf/cookies' }));
    expect(Object.keys(result).sort()).toEqual(Object.keys(example).sort());
    expectLike(result, example);
  });

  it('ALB: the documented single-value example exactly, statusDescription included', async () => {
    const example = fixture('responses/alb-response-doc.json');
    const { result } = await translate(albEvent({ method: 'GET', path: '/conf/html' }, false));
    expect(Object.keys(result).sort()).toEqual(Object.keys(example).sort());
    expectLike(result, example);
    expect(result.statusDescription).toBe(example.statusDescription);
    const notFound = (await translate(albEvent({ method: 'GET', path: '/conf/nothing-here' }, false))).result;
    expect(notFound.statusDescription).toBe('404 Not Found');
  });

  it('ALB multi-value mode: like the documented multi-value example, lists only', async () => {
    const example = fixture('responses/alb-response-multivalue-headers.json');
    const { result } = await translate(albEvent({ method: 'GET', path: '/conf/cookies' }, true));
    expectLike(result, example);
    expect(result.statusDescription).toBe(example.statusDescription);
  });
});
