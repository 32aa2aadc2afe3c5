import { describe, expect, it, vi } from 'vitest';
import { createHandler, UnrecognisedEventError } from '../../../adapters/aws-lambda/index.js';
import { type ConformanceRequest } from '../../conformance/cases.js';
import { edited as edit, expectErrorAnswer, expectHeadLimit, expectProtoKeysPlain, HEAD_TOO_LARGE } from '../shared.js';
import {
  albEvent, apiGatewayV1Event, apiGatewayV2Event, awsShape, expectDocumentedShape, fixture, fromResult, lambdaContext, useConformanceApp, type ResultShape,
} from './platform.js';

const aws = useConformanceApp();

const rest = () => apiGatewayV1Event('apigw-v1-post-json-body.json', { method: 'GET', path: '/conf/hello' });
const httpApi = () => apiGatewayV2Event('apigw-v2-post-cookies-doc.json', { method: 'GET', path: '/conf/hello' });
const functionUrl = () => apiGatewayV2Event('lambda-function-url-post-iam-doc.json', { method: 'GET', path: '/conf/hello' });
const alb = (multiValue = false) => albEvent({ method: 'GET', path: '/conf/hello' }, multiValue);

/** Broken HTTP events: each must come back as a 400 in the shape its source expects, with a message that names the fault. */
const BROKEN_HTTP: [string, unknown, ResultShape, RegExp][] = [
  ['REST event whose httpMethod is a number', edit(rest(), (e) => (e.httpMethod = 42)), 'v1', /httpMethod must be a string, got number/],
  ['REST event with no path', edit(rest(), (e) => delete e.path), 'v1', /path is missing/],
  ['REST event whose path is relative', edit(rest(), (e) => (e.path = 'conf/hello')), 'v1', /path must start with "\/", got "conf\/hello"/],
  ['REST event with a method HTTP does not know', edit(rest(), (e) => (e.httpMethod = 'FETCH')), 'v1', /unknown HTTP method "FETCH"/],
  ['REST event whose base64 body is not base64', edit(rest(), (e) => Object.assign(e, { body: 'not base64!!', isBase64Encoded: true })), 'v1', /not valid base64/],
  ['REST event whose body is an object', edit(rest(), (e) => (e.body = { a: 1 })), 'v1', /body must be a string, got object/],
  ['REST event whose headers are an array', edit(rest(), (e) => (e.headers = ['host: x'])), 'v1', /headers must be an object/],
  ['REST event with a non-string multi-value header', edit(rest(), (e) => (e.multiValueHeaders.accept = [1, 2])), 'v1', /multiValueHeaders.accept must be a string/],
  ['HTTP API 1.0 event whose query map is a string', edit(apiGatewayV1Event('apigw-http-api-payload-v1.0-doc.json', { method: 'GET', path: '/x' }), (e) => (e.queryStringParameters = 'a=1')), 'v1', /queryStringParameters must be an object/],
  ['HTTP API 2.0 event with no rawPath', edit(httpApi(), (e) => delete e.rawPath), 'v2', /rawPath is missing/],
  ['HTTP API 2.0 event with no requestContext.http', edit(httpApi(), (e) => delete e.requestContext.http), 'v2', /requestContext.http is missing/],
  ['HTTP API 2.0 event whose requestContext is a string', edit(httpApi(), (e) => (e.requestContext = 'ctx')), 'v2', /requestContext must be an object/],
  ['HTTP API 2.0 event whose cookies are one string', edit(httpApi(), (e) => (e.cookies = 'a=1; b=2')), 'v2', /cookies must be a list of strings/],
  ['HTTP API 2.0 event whose rawQueryString is a number', edit(httpApi(), (e) => (e.rawQueryString = 7)), 'v2', /rawQueryString must be a string, got number/],
  ['HTTP API 2.0 event whose only data is its version', { version: '2.0' }, 'v2', /requestContext.http is missing/],
  ['Function URL event with a null method', edit(functionUrl(), (e) => (e.requestContext.http.method = null)), 'v2', /requestContext.http.method is missing/],
  ['REST event with a header name that is not a token', edit(rest(), (e) => (e.multiValueHeaders['Bad Name'] = ['x'])), 'v1', /header name "bad name" is not a valid HTTP token/],
  ['HTTP API 2.0 event with a line break in a header value', edit(httpApi(), (e) => (e.headers['x-a'] = 'one\r\nset-cookie: admin=1')), 'v2', /header x-a contains control characters/],
  ['ALB multi-value event with an object as a query value', edit(alb(true), (e) => (e.multiValueQueryStringParameters.q = { $gt: '' })), 'alb-multi-value', /multiValueQueryStringParameters.q must be a string/],
];

describe('malformed HTTP events', () => {
  const handler = () => createHandler(aws.app);

  it.each(BROKEN_HTTP)('%s gets a 400 in its own shape naming the fault, never a crash', async (_name, event, shape, message) => {
    const invokeHttp = vi.spyOn(aws.app.functions, 'invokeHttp');
    const result: any = await handler()(event, lambdaContext('bad-req'));
    expectDocumentedShape(result, shape);
    expect(result.statusCode).toBe(400);
    const error = expectErrorAnswer(fromResult(result), 400, 'bad-req');
    expect(error).toMatch(/^malformed event: /);
    expect(error).toMatch(message);
    expect(invokeHttp).not.toHaveBeenCalled();
  });

  it('an ALB event with 100 KB of headers gets a 431 in its own shape, as server mode answers it', async () => {
    const invokeHttp = vi.spyOn(aws.app.functions, 'invokeHttp');
    const result: any = await handler()(edit(alb(), (e) => (e.headers['x-huge'] = 'x'.repeat(100 * 1024))), lambdaContext('big-req'));
    expectDocumentedShape(result, 'alb');
    expect(result).toMatchObject({ statusCode: 431, statusDescription: '431 Request Header Fields Too Large' });
    const error = expectErrorAnswer(fromResult(result), 431, 'big-req');
    expect(error).toMatch(HEAD_TOO_LARGE);
    expect(invokeHttp).not.toHaveBeenCalled();
  });

  it.each<[string, (request: ConformanceRequest) => unknown, ResultShape]>([
    ['REST API', (request) => apiGatewayV1Event('apigw-v1-post-json-body.json', request), 'v1'],
    ['HTTP API 2.0', (request) => apiGatewayV2Event('apigw-v2-post-cookies-doc.json', request), 'v2'],
    ['Function URL', (request) => apiGatewayV2Event('lambda-function-url-post-iam-doc.json', request), 'v2'],
    ['ALB', (request) => albEvent(request, false), 'alb'],
  ])('%s: a head one byte under Node\'s maxHeaderSize goes through, one at it gets the 431', async (_shape, toEvent, shape) => {
    await expectHeadLimit(aws.app, awsShape(toEvent, shape), 'head-req');
  });

  it('a "__proto__" header or query key stays a plain entry: the maps keep their prototype and the app answers', async () => {
    const event = edit(rest(), (e) => {
      e.path = '/conf/query';
      e.queryStringParameters = JSON.parse('{"__proto__": "b", "x": "1"}');
      e.multiValueQueryStringParameters = JSON.parse('{"__proto__": ["a", "b"], "x": ["1"]}');
      e.multiValueHeaders = { ...e.multiValueHeaders, ...JSON.parse('{"__proto__": ["evil"], "Constructor": ["c"]}') };
    });
    await expectProtoKeysPlain(aws.app, async () => fromResult(await handler()(event, lambdaContext())));
  });

  it('ALB error results keep the mode: single-value gets headers, multi-value gets multiValueHeaders', async () => {
    const single: any = await handler()(edit(alb(), (e) => (e.path = 'x')), lambdaContext());
    const multi: any = await handler()(edit(alb(true), (e) => (e.path = 'x')), lambdaContext());
    expect(single).toMatchObject({ statusCode: 400, statusDescription: '400 Bad Request', headers: expect.any(Object) });
    expect(multi).toMatchObject({ statusCode: 400, statusDescription: '400 Bad Request', multiValueHeaders: expect.any(Object) });
    expect(multi.headers).toBeUndefined();
  });
});

describe('payloads that are no HTTP event and no known trigger', () => {
  // Built for the HTTP-only function: there is no EVENT function to take a direct invocation.
  const httpOnly = () => createHandler(aws.app, { functionName: 'greet' });

  it.each([
    ['null', null],
    ['an array', [{ httpMethod: 'GET', path: '/fn/greet' }]],
    ['a number', 42],
    ['a truncated JSON string', '{"httpMethod":"GET","path":"/fn/gr'],
    ['an object without any known shape', { hello: 'world' }],
    ['an empty Records list', { Records: [] }],
  ])('%s is rejected with an error that says the event was not recognised', async (_name, payload) => {
    const invokeEvent = vi.spyOn(aws.app.functions, 'invokeEvent');
    const rejection = httpOnly()(payload, lambdaContext());
    await expect(rejection).rejects.toBeInstanceOf(UnrecognisedEventError);
    await expect(rejection).rejects.toThrow(/neither an HTTP request .* and function greet has no event trigger/);
    expect(invokeEvent).not.toHaveBeenCalled();
  });
});

describe('malformed trigger events', () => {
  const handler = () => createHandler(aws.app);

  it('an SQS batch with a record that has no messageId is rejected whole, before any record runs', async () => {
    const event = edit(fixture('sqs-two-records-doc.json'), (e) => delete e.Records[1].messageId);
    const invokeEvent = vi.spyOn(aws.app.functions, 'invokeEvent');
    await expect(handler()(event, lambdaContext())).rejects.toThrow('malformed event: Records[1].messageId is missing');
    expect(invokeEvent).not.toHaveBeenCalled();
  });

  it('an SQS batch with a record that is not an object is rejected', async () => {
    const event = edit(fixture('sqs-two-records-doc.json'), (e) => (e.Records[1] = 'oops'));
    await expect(handler()(event, lambdaContext())).rejects.toThrow('malformed event: Records[1] must be an object');
  });

  it('an S3 record with no bucket name is rejected naming the field', async () => {
    const event = edit(fixture('s3-put-doc.json'), (e) => delete e.Records[0].s3.bucket.name);
    await expect(handler()(event, lambdaContext())).rejects.toThrow('malformed event: Records[0].s3.bucket.name is missing');
  });

  it('an SNS record with no Sns object is rejected naming the missing field', async () => {
    const event = edit(fixture('sns-notification-doc.json'), (e) => delete e.Records[0].Sns);
    await expect(handler()(event, lambdaContext())).rejects.toThrow('malformed event: Records[0].Sns.TopicArn is missing');
  });

  it('a scheduled event with no time is rejected', async () => {
    const event = edit(fixture('eventbridge-scheduled-event-doc.json'), (e) => delete e.time);
    await expect(handler()(event, lambdaContext())).rejects.toThrow('malformed event: time is missing');
  });
});
