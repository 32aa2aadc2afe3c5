import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from 'wick';
import { createApp } from 'wick/testing';
import { httpProcessorFor } from '../../adapters/aws-lambda/request.js';
import { type ApiGatewayV2Event } from '../../adapters/aws-lambda/types.js';
import { readBytes } from '../../src/http/request-body.js';
import { decodeEscapes } from '../../adapters/common/percent-decoding.js';
import { fromApiGatewayV2Result, MalformedResultError, toApiGatewayV2Event } from '../../runtime-host/gateway.js';
import { gatewayPath } from '../../src/functions/gateway-path.js';
import { fixtureApp } from '../helpers/paths.js';
import { useHost } from './helpers.js';

/** A real server that turns each request into the event the gateway would send, and returns it as JSON. */
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    const body = await readBytes(req, 1024 * 1024);
    const event = toApiGatewayV2Event(req, body, { routeKey: 'POST /items/{id}', params: { id: 'a b' } }, 'req-1', new Date(Date.UTC(2020, 2, 12, 19, 3, 58)));
    res.end(JSON.stringify(event));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends the headers as separate lines (a list repeats the name), as fetch cannot. */
function eventFor(method: string, path: string, headers: Record<string, string | string[]>, body?: Buffer): Promise<ApiGatewayV2Event & Record<string, any>> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body && { 'content-length': body.length }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk)).on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('gateway: HTTP request → API Gateway HTTP API (v2) event', () => {
  it('builds the documented shape: rawPath and query as sent, decoded http.path, comma-joined headers, a cookies list, requestContext', async () => {
    const event = await eventFor(
      'POST',
      '/items/a%20b?tag=a&tag=b&q=x%20y',
      { Host: 'api.local:9000', 'X-Multi': ['first', 'second'], Cookie: 'session=s1; lang=en', 'Content-Type': 'application/json', 'User-Agent': 'probe/1' },
      Buffer.from('{"n":1}'),
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /items/{id}',
      rawPath: '/items/a%20b',
      rawQueryString: 'tag=a&tag=b&q=x%20y',
      cookies: ['session=s1', 'lang=en'],
      queryStringParameters: { tag: 'a,b', q: 'x y' },
      pathParameters: { id: 'a b' },
      body: '{"n":1}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        domainName: 'api.local',
        domainPrefix: 'api',
        http: { method: 'POST', path: '/items/a b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'probe/1' },
        requestId: 'req-1',
        routeKey: 'POST /items/{id}',
        stage: '$default',
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: Date.UTC(2020, 2, 12, 19, 3, 58),
      },
    });
    expect(event.headers).toMatchObject({ 'x-multi': 'first,second', 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http' });
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('base64-encodes a binary body and leaves out body, cookies and query when there are none', async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x7f]);
    const binary = await eventFor('POST', '/up', { 'Content-Type': 'application/octet-stream' }, bytes);
    expect(binary).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64'), rawQueryString: '' });
    const bare = await eventFor('GET', '/up', {});
    expect(bare).not.toHaveProperty('body');
    expect(bare).not.toHaveProperty('cookies');
    expect(bare).not.toHaveProperty('queryStringParameters');
    expect(bare.isBase64Encoded).toBe(false);
  });

  it('is read by the AWS adapter as an HTTP API v2 request, wire path and body intact', async () => {
    const event = await eventFor('POST', '/items/a%20b?tag=a&tag=b', { 'Content-Type': 'text/plain', Cookie: 'a=1' }, Buffer.from('hi'));
    const processor = httpProcessorFor(event)!;
    expect(processor.constructor.name).toBe('ApiGatewayV2Processor');
    const request = processor.toRequest(event);
    expect(request).toMatchObject({ method: 'POST', path: '/items/a%20b', query: { tag: ['a', 'b'] }, remoteAddress: '127.0.0.1' });
    expect(request.headers).toMatchObject({ cookie: 'a=1', 'content-type': 'text/plain' });
    expect(request.body?.toString()).toBe('hi');
  });

  it('names routes as API Gateway does and decodes paths without choking on stray escapes', () => {
    expect(gatewayPath('/users/:id/files/*path', 'test', 'API Gateway', true)).toBe('/users/{id}/files/{path+}');
    expect(decodeEscapes('/a%20b/%E2%82%AC/%zz/%FF')).toBe('/a b/€/%zz/%FF');
  });
});

describe('gateway: payload format 2.0 result → HTTP response', () => {
  const result = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('takes statusCode, headers, one Set-Cookie per cookie and a base64 body', () => {
    const response = fromApiGatewayV2Result(
      result({ statusCode: 201, headers: { 'Content-Type': 'image/png', 'X-Count': 3 }, cookies: ['a=1; Path=/', 'b=2'], body: Buffer.from([1, 2, 255]).toString('base64'), isBase64Encoded: true }),
    );
    expect(response).toEqual({ status: 201, headers: { 'content-type': 'image/png', 'x-count': '3' }, cookies: ['a=1; Path=/', 'b=2'], body: Buffer.from([1, 2, 255]) });
  });

  it('infers 200 application/json with the result as the body when there is no statusCode', () => {
    expect(fromApiGatewayV2Result(result({ message: 'hi' }))).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from('{"message":"hi"}') });
    expect(fromApiGatewayV2Result(result('Hello from Lambda!')).body.toString()).toBe('Hello from Lambda!');
    expect(fromApiGatewayV2Result(result([1, 2])).body.toString()).toBe('[1,2]');
    expect(fromApiGatewayV2Result(result(null)).body.toString()).toBe('null');
  });

  it('rejects results API Gateway could not send', () => {
    expect(() => fromApiGatewayV2Result(Buffer.from('not json'))).toThrow(MalformedResultError);
    expect(() => fromApiGatewayV2Result(result({ statusCode: 99 }))).toThrow(/not an HTTP status/);
    expect(() => fromApiGatewayV2Result(result({ statusCode: 200, body: { a: 1 } }))).toThrow(/body must be a string/);
    expect(() => fromApiGatewayV2Result(result({ statusCode: 200, cookies: 'a=1' }))).toThrow(/cookies must be a list/);
  });
});

describe('gateway: paths reach the router as in server mode', () => {
  const host = useHost('host-paths');

  it('an encoded slash stays in the :name param, and %252f is decoded once, as server mode decodes them', async () => {
    const app = await createApp(fixtureApp('host-paths'), { config: { accessLog: { enable: false }, logger: { level: 'silent' } } });
    const server = await startServer(app, { port: 0, host: '127.0.0.1' });
    try {
      for (const path of ['/x/a%2fb', '/x/a%252fb', '/x/a%20b']) {
        const expected = await fetch(`http://127.0.0.1:${server.port}${path}`);
        const got = await fetch(`${host.url}${path}`);
        expect(got.status, path).toBe(expected.status);
        expect(await got.json(), path).toEqual(await expected.json());
      }
      expect(await (await fetch(`${host.url}/x/a%2fb`)).json()).toEqual({ name: 'a/b' });
      expect(await (await fetch(`${host.url}/x/a%252fb`)).json()).toEqual({ name: 'a%2fb' });
    } finally {
      await server.stop();
    }
  });
});
