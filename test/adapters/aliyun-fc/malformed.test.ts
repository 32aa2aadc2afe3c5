import { describe, expect, it } from 'vitest';
import { createHandler } from '../../../adapters/aliyun-fc/index.js';
import { edited, expectErrorAnswer, expectHeadLimit, expectProtoKeysPlain, HEAD_TOO_LARGE } from '../shared.js';
import { aliyunShape, apiGatewayEvent, asBuffer, fcContext, fixture, fromResult, httpTriggerEvent, useConformanceApp } from './platform.js';

const booted = useConformanceApp();

const REQUEST_ID = 'fc-malformed-1';
const get = (path: string) => ({ method: 'GET', path });

/** The handler's answer must be this status (400 unless told) in the platform format, with the JSON error body and this message. */
async function expectBadEvent(event: unknown, message: string | RegExp, functionName?: string, status = 400) {
  const result = (await createHandler(booted.app, { functionName })(event, fcContext(REQUEST_ID))) as Record<string, unknown>;
  expect(Object.keys(result).sort()).toEqual(['body', 'headers', 'isBase64Encoded', 'statusCode']);
  const error = expectErrorAnswer(fromResult(result), status, REQUEST_ID);
  expect(error).toMatch(typeof message === 'string' ? `malformed event: ${message}` : message);
}

const httpTrigger = (edit: (event: Record<string, any>) => void) => edited(httpTriggerEvent(get('/conf/hello')), edit);
const apiGateway = (edit: (event: Record<string, any>) => void) => edited(apiGatewayEvent(get('/conf/hello')), edit);

const truncatedHttpTrigger = () => {
  const bytes = asBuffer(fixture('fc3-http-trigger-doc.json'));
  return bytes.subarray(0, bytes.length / 2);
};

/** Broken HTTP events as the runtime hands them, each with the message its 400 must carry. */
const BROKEN_HTTP: [string, unknown, string | RegExp][] = [
  ['a truncated JSON Buffer', truncatedHttpTrigger(), /^malformed event: event is not valid JSON \(.+\)$/],
  ['a Buffer cut right after the opening brace', Buffer.from('{'), /event is not valid JSON/],
  ['a truncated JSON string', JSON.stringify(fixture('apigw-trigger-post-json-base64-midway.json')).slice(0, -3), /event is not valid JSON/],
  ['a Buffer of binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22]), /event is not valid JSON/],
  ['rawPath that is a number', asBuffer(httpTrigger((event) => (event.rawPath = 42))), 'rawPath must be a string, got number'],
  ['rawPath without the leading slash', asBuffer(httpTrigger((event) => (event.rawPath = 'conf/hello'))), 'path must start with "/", got "conf/hello"'],
  ['no requestContext.http.method', asBuffer(httpTrigger((event) => delete event.requestContext.http.method)), 'requestContext.http.method is missing'],
  ['requestContext.http that is a string', asBuffer(httpTrigger((event) => (event.requestContext.http = 'GET'))), 'requestContext.http must be an object'],
  ['rawPath with requestContext missing', asBuffer(httpTrigger((event) => delete event.requestContext)), 'requestContext must be an object'],
  ['a method that is not an HTTP token', asBuffer(httpTrigger((event) => (event.requestContext.http.method = 'GET /admin'))), 'unknown HTTP method "GET /admin"'],
  [
    'a body marked isBase64Encoded that is not base64',
    asBuffer(httpTrigger((event) => Object.assign(event, { body: 'not base64!!', isBase64Encoded: true }))),
    'body is marked isBase64Encoded but is not valid base64',
  ],
  ['isBase64Encoded that is neither a boolean nor "true"/"false"', asBuffer(httpTrigger((event) => (event.isBase64Encoded = 'yes'))), 'isBase64Encoded must be true or false, got "yes"'],
  ['isBase64Encoded that is a number (API Gateway)', asBuffer(apiGateway((event) => (event.isBase64Encoded = 1))), 'isBase64Encoded must be true or false, got number'],
  ['a body that is an object', asBuffer(apiGateway((event) => (event.body = { c: 'b' }))), 'body must be a string, got object'],
  ['headers that are an array', asBuffer(httpTrigger((event) => (event.headers = ['Accept: */*']))), 'headers must be an object'],
  ['a header value that is an object', asBuffer(httpTrigger((event) => (event.headers = { Accept: { type: '*/*' } }))), 'headers.Accept must be a string'],
  [
    'a header value with a line break (header injection)',
    asBuffer(httpTrigger((event) => (event.headers = { 'X-Name': 'a\r\nSet-Cookie: admin=1' }))),
    'header x-name contains control characters',
  ],
  ['a header name that is not a token', asBuffer(httpTrigger((event) => (event.headers = { 'Bad Name': 'x' }))), 'header name "bad name" is not a valid HTTP token'],
  ['queryParameters that is a string', asBuffer(httpTrigger((event) => (event.queryParameters = 'a=1&b=2'))), 'queryParameters must be an object'],
  ['an API Gateway event without httpMethod', asBuffer(apiGateway((event) => delete event.httpMethod)), 'httpMethod is missing'],
  ['an API Gateway event whose path is null', asBuffer(apiGateway((event) => (event.path = null))), 'path is missing'],
];

describe('aliyun malformed HTTP events get a 400, never a crash', () => {
  it.each(BROKEN_HTTP)('%s', async (_name, event, message) => {
    await expectBadEvent(event, message);
  });

  it('a header far over the size Node accepts gets the 431 server mode answers', async () => {
    const event = httpTrigger((edit) => (edit.headers = { 'X-Huge': 'x'.repeat(64 * 1024) }));
    await expectBadEvent(asBuffer(event), HEAD_TOO_LARGE, undefined, 431);
  });

  it('a head one byte under Node\'s maxHeaderSize goes through, one at it gets a 431 in each format', async () => {
    for (const shape of [aliyunShape(httpTriggerEvent), aliyunShape(apiGatewayEvent)]) {
      const result = await expectHeadLimit(booted.app, shape, REQUEST_ID);
      expect(Object.keys(result as object).sort()).toEqual(['body', 'headers', 'isBase64Encoded', 'statusCode']);
    }
  });

  it('a "__proto__" header or query key stays a plain entry: the maps keep their prototype and the app answers', async () => {
    const event = httpTrigger((edit) => {
      edit.rawPath = '/conf/query';
      edit.queryParameters = JSON.parse('{"__proto__": "a,b", "x": "1"}');
      edit.headers = JSON.parse('{"__proto__": "evil", "Constructor": "c", "X-Single": "one"}');
    });
    await expectProtoKeysPlain(booted.app, async () => fromResult(await booted.handler(asBuffer(event), fcContext())));
  });

  it('null, an array, a number or an unknown object sent to a function only HTTP triggers reach', async () => {
    for (const event of [null, [1, 2], 42, { hello: 'world' }]) {
      await expectBadEvent(asBuffer(event), 'event is neither an FC 3.0 HTTP trigger nor an API Gateway event, and greet has only HTTP triggers', 'greet');
    }
  });
});

describe('aliyun malformed non-HTTP events are rejected clearly', () => {
  it('an OSS notification whose record has no object key', async () => {
    const payload = fixture('oss-trigger-doc.json');
    delete payload.events[0].oss.object.key;
    await expect(createHandler(booted.app)(asBuffer(payload), fcContext())).rejects.toThrow(
      'malformed event: events[0].oss.object.key is missing',
    );
  });

  it('an OSS notification whose record has no oss section', async () => {
    const payload = fixture('oss-trigger-doc.json');
    payload.events.push({ eventSource: 'acs:oss', eventName: 'ObjectCreated:PutObject' });
    await expect(createHandler(booted.app)(asBuffer(payload), fcContext())).rejects.toThrow('malformed event: events[1].oss must be an object');
  });

  it('a truncated JSON Buffer sent to a function no HTTP trigger reaches', async () => {
    const bytes = asBuffer(fixture('timer-trigger-doc.json'));
    await expect(createHandler(booted.app, { functionName: 'eventFunctions-nightly' })(bytes.subarray(0, 20), fcContext())).rejects.toThrow(
      /^malformed event: event is not valid JSON/,
    );
  });

  it('any event for a function the app does not have', async () => {
    await expect(createHandler(booted.app, { functionName: 'missing' })(asBuffer(httpTriggerEvent(get('/conf/hello'))), fcContext())).rejects.toThrow(
      'no function named "missing"',
    );
  });
});
