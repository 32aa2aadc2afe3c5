import { describe, expect, it } from 'vitest';
import { createApp } from 'wick/testing';
import { createHandler } from '../../../adapters/tencent-scf/index.js';
import { type TencentHttpResult } from '../../../adapters/tencent-scf/types.js';
import { fixtureApp } from '../../helpers/paths.js';
import { expectErrorAnswer, expectHeadLimit, expectProtoKeysPlain, HEAD_TOO_LARGE, PROTO_QUERY } from '../shared.js';
import {
  apiGatewayEvent, apiGatewayFixture as apiGateway, fixture, fromResult, functionUrlEvent, functionUrlFixture as functionUrl, scfContext, tencentShape,
  useConformanceApp,
} from './platform.js';

const tencent = useConformanceApp();
const handler = (event: unknown, context?: unknown) => tencent.handler(event, context);

/** A 400 (or the status given) in the platform's result format, with the JSON error body and the SCF request id. */
async function expectBadRequest(event: unknown, message: RegExp, status = 400): Promise<TencentHttpResult> {
  const result = (await handler(event, scfContext('scf-bad-1'))) as TencentHttpResult;
  expect(result).toMatchObject({ statusCode: status, isBase64Encoded: false });
  const error = expectErrorAnswer(fromResult(result), status, 'scf-bad-1');
  if (status === 400) expect(error).toMatch(/^malformed event: /);
  expect(error).toMatch(message);
  return result;
}

/** Broken HTTP events, each with what its 400 must say. */
const BROKEN_HTTP: [string, unknown, RegExp][] = [
  ['a body marked isBase64Encoded that is not base64', apiGateway((e) => Object.assign(e, { isBase64Encoded: true, body: 'not base64!' })), /not valid base64/],
  ['an isBase64Encoded that is neither a boolean nor "true"/"false"', apiGateway((e) => Object.assign(e, { isBase64Encoded: 'yes' })), /isBase64Encoded must be true or false/],
  ['a numeric httpMethod', apiGateway((e) => Object.assign(e, { httpMethod: 7 })), /httpMethod must be a string/],
  ['an API Gateway event without httpMethod', apiGateway((e) => delete e.httpMethod), /httpMethod is missing/],
  ['an httpMethod that is not an HTTP method', functionUrl((e) => Object.assign(e, { httpMethod: 'G ET' })), /unknown HTTP method "G ET"/],
  ['an API Gateway event without path', apiGateway((e) => delete e.path), /path is missing/],
  ['a path that is a full URL instead of starting with "/"', functionUrl((e) => Object.assign(e, { path: 'http://evil.example/conf/hello' })), /path must start with "\/"/],
  ['a path with control characters', functionUrl((e) => Object.assign(e, { path: '/conf/hello\r\nX-Injected: 1' })), /path contains control characters/],
  ['headers given as an array', apiGateway((e) => Object.assign(e, { headers: [['Host', 'x']] })), /headers must be an object/],
  ['a header whose value is an object', apiGateway((e) => Object.assign(e.headers, { 'X-Nested': { a: 1 } })), /headers\.X-Nested must be a string/],
  ['a header value with a line break', functionUrl((e) => Object.assign(e.headers, { 'x-a': 'one\r\nset-cookie: admin=1' })), /header x-a contains control characters/],
  ['a header name that is not a token', functionUrl((e) => Object.assign(e.headers, { 'bad name': 'x' })), /header name "bad name" is not a valid HTTP token/],
  ['a queryString given as a raw string', apiGateway((e) => Object.assign(e, { queryString: 'foo=bar&bob=alice' })), /queryString must be an object/],
  ['a numeric body', functionUrl((e) => Object.assign(e, { body: 12345 })), /body must be a string, got number/],
  ['an object body (JSON the gateway would have sent as a string)', apiGateway((e) => Object.assign(e, { body: { test: 'body' } })), /body must be a string, got object/],
];

describe('tencent-scf malformed HTTP events answer 400', () => {
  it.each(BROKEN_HTTP)('rejects %s', async (_name, event, message) => {
    await expectBadRequest(event, message);
  });

  it.each([
    ['headers over the 16 KiB limit Node applies in server mode', apiGateway((e) => Object.assign(e.headers, { Cookie: `big=${'x'.repeat(20_000)}` }))],
    ['a huge query, counted in the request head like the headers', functionUrl((e) => Object.assign(e, { queryString: { q: 'x'.repeat(20_000) } }))],
  ])('answers %s with the 431 server mode answers', async (_name, event) => {
    await expectBadRequest(event, HEAD_TOO_LARGE, 431);
  });

  it("lets a head one byte under Node's maxHeaderSize through and answers one at it with a 431, in each format", async () => {
    const apiGatewayResult = await expectHeadLimit(tencent.app, tencentShape(apiGatewayEvent), 'scf-head-1');
    expect(Object.keys(apiGatewayResult as object)).toEqual(['isBase64Encoded', 'statusCode', 'headers', 'body']);
    const functionUrlResult = await expectHeadLimit(tencent.app, tencentShape(functionUrlEvent), 'scf-head-1');
    expect(Object.keys(functionUrlResult as object)).toEqual(['statusCode', 'headers', 'body', 'isBase64Encoded']);
  });

  it('keeps a "__proto__" header or query key a plain entry: the maps keep their prototype and the app answers', async () => {
    const event = functionUrl((e) => {
      Object.assign(e, { httpMethod: 'GET', path: '/conf/query', body: '' });
      e.queryString = JSON.parse(PROTO_QUERY);
      e.headers = { ...e.headers, ...JSON.parse('{"__proto__": "evil", "Constructor": "c"}') };
    });
    await expectProtoKeysPlain(tencent.app, async () => fromResult(await handler(event, scfContext())));
  });

  it('answers a broken Function URL event in the Function URL format', async () => {
    const result = await expectBadRequest(functionUrl((e) => delete e.path), /path is missing/);
    expect(Object.keys(result)).toEqual(['statusCode', 'headers', 'body', 'isBase64Encoded']);
  });

  it('still answers a broken event with the gateway requestId when SCF gives no context', async () => {
    const result = (await handler(apiGateway((e) => Object.assign(e, { httpMethod: 7 })))) as TencentHttpResult;
    expect(JSON.parse(result.body).error.requestId).toBe('c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
  });
});

describe('tencent-scf malformed non-HTTP events are rejected clearly', () => {
  it('rejects a timer event without Time', async () => {
    const event = fixture('timer-trigger-doc.json');
    delete event.Time;
    await expect(handler(event, scfContext())).rejects.toThrow('malformed event: Time is missing');
  });

  it('rejects a timer event whose Message is not a string', async () => {
    const event = fixture('timer-trigger-doc.json');
    event.Message = { text: 'hi' };
    await expect(handler(event, scfContext())).rejects.toThrow('malformed event: Message must be a string, got object');
  });

  it('keeps a COS object key that is broken percent-encoding as it came (the one object-key policy), not failing the notification', async () => {
    const event = fixture('cos-trigger-doc.json');
    event.Records[0].cos.cosObject.key = '/1253970026/testpic/%E6%B5+x';
    expect(await handler(event, scfContext())).toMatchObject({ keys: ['%E6%B5 x'] });
  });

  it('rejects a COS record without cosBucket', async () => {
    const event = fixture('cos-trigger-doc.json');
    delete event.Records[0].cos.cosBucket;
    await expect(handler(event, scfContext())).rejects.toThrow('malformed event: Records[0].cos.cosBucket must be an object');
  });

  it('rejects null, a number, an array and a truncated JSON string when the function takes no direct invocation', async () => {
    const httpOnly = createHandler(tencent.app, { functionName: 'greet' });
    for (const event of [null, 42, [1, 2], '{"httpMethod":"GET","pa']) {
      await expect(httpOnly(event, scfContext())).rejects.toThrow(/and function greet has no event trigger/);
    }
  });

  it('says why an unrecognised event went nowhere when no function has an EVENT trigger', async () => {
    const bare = await createApp(fixtureApp('di'), { config: { logger: { level: 'silent' } } });
    try {
      await expect(createHandler(bare)({ hello: 'world' }, scfContext())).rejects.toThrow(
        /neither an API Gateway or Function URL request nor a timer or COS event \(got an object with keys hello\), and no function has a event trigger/,
      );
    } finally {
      await bare.close();
    }
  });
});
