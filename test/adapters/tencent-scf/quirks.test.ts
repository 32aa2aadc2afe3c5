import { describe, expect, it } from 'vitest';
import { httpProcessorFor } from '../../../adapters/tencent-scf/request.js';
import { toApiGatewayResult, toFunctionUrlResult } from '../../../adapters/tencent-scf/response.js';
import { type TencentHttpResult } from '../../../adapters/tencent-scf/types.js';
import { apiGatewayFixture as apiGateway, fixture, fromResult, functionUrlFixture as functionUrl, scfContext, useConformanceApp } from './platform.js';

const tencent = useConformanceApp();
const handler = (event: unknown, context?: unknown) => tencent.handler(event, context);

/** `context` defaults to what the SCF runtime passes; `{}` stands for a context without request_id. */
async function invoke(event: unknown, context: unknown = scfContext()) {
  const result = (await handler(event, context)) as TencentHttpResult;
  return { result, response: fromResult(result), json: () => JSON.parse(fromResult(result).body.toString('utf8')) };
}

describe('tencent-scf API Gateway quirks', () => {
  it('routes by the full queryString, not the gateway-declared queryStringParameters', async () => {
    const { json } = await invoke(apiGateway((event) => Object.assign(event, { httpMethod: 'GET', path: '/conf/query' })));
    // The doc event declares only foo; the client also sent bob.
    expect(json()).toEqual({ query: { foo: 'bar', bob: 'alice' } });
  });

  it('falls back to queryStringParameters when an event has no queryString', async () => {
    const event = apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/query' }));
    delete event.queryString;
    expect((await invoke(event)).json()).toEqual({ query: { foo: 'bar' } });
  });

  it('keeps a repeated query key that the gateway lists in queryString as an array', async () => {
    const event = apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/query', queryString: { tag: ['a', 'b'] } }));
    expect((await invoke(event)).json()).toEqual({ query: { tag: ['a', 'b'] } });
  });

  it('routes by the actual path and method, ignoring the route template and configured method in requestContext', async () => {
    const event = apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/users/42' }));
    expect(event.requestContext).toMatchObject({ path: '/test/{path}', httpMethod: 'POST' });
    expect((await invoke(event)).json()).toEqual({ id: 42 });
  });

  it('leaves the stage in requestContext: it is neither added to nor stripped from the path', async () => {
    const plain = apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/hello', queryString: {} }));
    expect(plain.requestContext.stage).toBe('release');
    expect((await invoke(plain)).json()).toEqual({ message: 'hello world' });
    const prefixed = apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/release/conf/hello' }));
    expect((await invoke(prefixed)).result.statusCode).toBe(404);
  });

  it('reads the doc event, which has no isBase64Encoded key, as a plain-text body', async () => {
    const event = apiGateway((e) => {
      Object.assign(e, { path: '/conf/echo' });
      e.headers['Content-Type'] = 'application/json';
    });
    expect('isBase64Encoded' in event).toBe(false);
    expect((await invoke(event)).json()).toEqual({ body: { test: 'body' }, type: 'application/json' });
  });

  it('decodes the body when isBase64Encoded is the string "true"', async () => {
    const event = apiGateway((e) => {
      Object.assign(e, { path: '/conf/echo', isBase64Encoded: 'true', body: Buffer.from('{"b64":1}').toString('base64') });
      e.headers['Content-Type'] = 'application/json';
    });
    expect((await invoke(event)).json()).toEqual({ body: { b64: 1 }, type: 'application/json' });
  });

  it('treats isBase64Encoded true with an empty body as no body', async () => {
    const event = apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/hello', queryString: { name: 'ada' }, isBase64Encoded: true, body: '' }));
    expect((await invoke(event)).json()).toEqual({ message: 'hello ada' });
  });

  it('uses requestContext.sourceIp as the client address', () => {
    const event = apiGateway();
    expect(httpProcessorFor(event)?.toRequest(event).remoteAddress).toBe('10.0.2.14');
  });

  it("sets x-request-id from the SCF invocation id, or the gateway's requestId when the context has none", async () => {
    const event = apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/hello' }));
    expect((await invoke(event, scfContext('scf-invocation-1'))).result.headers['x-request-id']).toBe('scf-invocation-1');
    expect((await invoke(event, {})).result.headers['x-request-id']).toBe('c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
  });

  it('leaves x-request-id to the core when neither the context nor the event has an id: one is generated', async () => {
    const event = apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/hello' }));
    delete event.requestContext.requestId;
    const { result } = await invoke(event, {});
    expect(result.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await invoke(event, {})).result.headers['x-request-id']).not.toBe(result.headers['x-request-id']);
  });

  it('answers in the documented integration-response shape, key for key', async () => {
    const documented = fixture('responses/apigw-integration-response-serverless-docs.json');
    const { result } = await invoke(apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/html' })));
    expect(Object.keys(result)).toEqual(Object.keys(documented));
    for (const key of Object.keys(documented)) expect(typeof result[key as keyof TencentHttpResult], key).toBe(typeof documented[key]);
    expect(Object.values(result.headers).every((value) => typeof value === 'string')).toBe(true);
    expect(result).toMatchObject({ isBase64Encoded: false, statusCode: 200, body: '<p>hi</p>' });
  });

  it('sends a binary response as base64 with isBase64Encoded true', async () => {
    const { result, response } = await invoke(apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/binary' })));
    expect(result.isBase64Encoded).toBe(true);
    expect(result.body).toBe(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x01]).toString('base64'));
    expect(response.headers['content-type']).toBe('image/png');
  });
});

describe('tencent-scf Function URL quirks', () => {
  it('takes the client address from the x-scf-remote-addr header', () => {
    const event = functionUrl();
    expect(httpProcessorFor(event)?.shape).toBe('Function URL');
    expect(httpProcessorFor(event)?.toRequest(event).remoteAddress).toBe('111.206.96.145');
  });

  it('accepts the later form with requestContext.sourceIp and an x-scf-request-id header, still as a Function URL', async () => {
    const event = functionUrl((e) => {
      delete e.headers['x-scf-remote-addr'];
      e.headers['x-scf-request-id'] = '5d672784-b680-11f0-b5d6-5254005cb48d';
      Object.assign(e, { httpMethod: 'GET', path: '/conf/hello', body: '', isBase64Encoded: false, queryStringParameters: {}, requestContext: { sourceIp: '36.159.237.104' } });
    });
    expect(httpProcessorFor(event)?.toRequest(event).remoteAddress).toBe('36.159.237.104');
    const { result } = await invoke(event, {});
    expect(Object.keys(result)[0]).toBe('statusCode');
    expect(result.headers['x-request-id']).toBe('5d672784-b680-11f0-b5d6-5254005cb48d');
  });

  it("ignores the doc event's stale content-length (17 for a 22-byte body)", async () => {
    const event = functionUrl((e) => {
      e.path = '/conf/echo';
      e.headers['content-type'] = 'application/json';
    });
    expect(event.headers['content-length']).toBe('17');
    expect(Buffer.byteLength(event.body)).toBe(22);
    expect((await invoke(event)).json()).toEqual({ body: { test: 'hello world' }, type: 'application/json' });
  });

  it('routes by path and queryString (the doc event carries neither requestContext nor queryStringParameters)', async () => {
    const event = functionUrl((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/query' }));
    expect((await invoke(event)).json()).toEqual({ query: { a: '1', b: '2' } });
  });

  it('answers in the documented Function URL shape: statusCode, headers, body, then isBase64Encoded', async () => {
    const documented = fixture('responses/function-url-response-doc.json');
    const { result } = await invoke(functionUrl((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/hello', body: '' })));
    expect(Object.keys(result)).toEqual([...Object.keys(documented), 'isBase64Encoded']);
    for (const key of Object.keys(documented)) expect(typeof result[key as keyof TencentHttpResult], key).toBe(typeof documented[key]);
    expect(result.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(result.body)).toEqual({ message: 'hello world' });
  });
});

describe('tencent-scf response headers', () => {
  const response = (headers: Record<string, string | string[]>) => ({ status: 200, headers, body: Buffer.from('ok') });

  it('keeps one cookie as a plain string, as the documented string map has it', () => {
    expect(toApiGatewayResult(response({ 'set-cookie': ['a=1; path=/'] })).headers).toEqual({ 'set-cookie': 'a=1; path=/' });
  });

  it('sends several cookies as a list under set-cookie, never comma-joined', () => {
    const cookies = ['a=1; expires=Wed, 21 Oct 2026 07:28:00 GMT', 'b=2'];
    expect(toApiGatewayResult(response({ 'set-cookie': cookies })).headers['set-cookie']).toEqual(cookies);
    expect(toFunctionUrlResult(response({ 'set-cookie': cookies })).headers['set-cookie']).toEqual(cookies);
  });

  it('comma-joins any other repeated header into one string', () => {
    expect(toApiGatewayResult(response({ vary: ['accept', 'origin'], 'x-one': 'v' })).headers).toEqual({ vary: 'accept, origin', 'x-one': 'v' });
  });

  it('delivers two cookies from the app as a two-item set-cookie list', async () => {
    const { result } = await invoke(apiGateway((e) => Object.assign(e, { httpMethod: 'GET', path: '/conf/cookies' })));
    expect(result.headers['set-cookie']).toEqual(['session=abc123; path=/; httponly', 'theme=dark; path=/; httponly']);
  });
});
