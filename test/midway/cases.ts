import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { json, multipart, type EventCheck, type HttpCheck } from './answers.js';

export interface MidwayApp {
  /** Folder under test/fixtures/midway, holding the app in its CommonJS form. */
  name: string;
  http: HttpCheck[];
  events: EventCheck[];
  /** Minified bundle limits: functions without a DTO stay as small as the template's hello (tree-shaken wick). */
  bundleLimits: Record<string, number>;
}

/** The template's hello function bundle limit for a minified build (test/build/build.test.ts). */
export const SMALL_BUNDLE_BYTES = 250_000;

/**
 * With `keys` set the session is on, as in Midway's koa framework, so every HTTP bundle carries koa-session
 * (measured at ~93 KB minified, most of it zod, which koa-session 7 validates its options with).
 */
export const SESSION_BUNDLE_BYTES = SMALL_BUNDLE_BYTES + 100_000;

const awsEvent = (name: string) => JSON.parse(readFileSync(`${ROOT}test/fixtures/events/aws/${name}`, 'utf8'));

/**
 * The answers Midway gives for each app (from its documentation); where Wick differs by design, Wick's answer,
 * with the difference listed in the README's "Coming from Midway" table.
 */
// Function and provider names are Midway's camelCase of the class name: APIController → apiController,
// HelloHTTPService → helloHttpService (a function is `<name>-<method>`).
export const KOA_BOILERPLATE: MidwayApp = {
  name: 'koa-boilerplate',
  http: [
    {
      name: 'GET / answers the @Config value as text, through the global middleware',
      functionName: 'homeController',
      steps: [{ request: { path: '/' }, expected: { status: 200, text: 'Hello from the boilerplate', headers: { 'content-type': /^text\/plain/, 'x-report': 'seen' } } }],
    },
    {
      name: 'GET /api/get_user?uid=123 answers the service result; ctx.logger logs with the request id',
      functionName: 'apiController',
      logsWithRequestId: 'report GET /api/get_user',
      steps: [{
        request: { path: '/api/get_user?uid=123' },
        expected: { status: 200, json: { success: true, message: 'OK', data: { uid: '123', username: 'user-123', email: 'user-123@example.com' } }, headers: { 'x-report': 'seen' } },
      }],
    },
    {
      name: 'httpError.BadRequestError reaches the catch-all filter, which keeps its status',
      functionName: 'apiController',
      steps: [{ request: { path: '/api/get_user' }, expected: { status: 400, json: { success: false, message: 'uid is required' } } }],
    },
    {
      name: 'POST /api/user validates the class-validator DTO and hands over an instance; @Logger() logs',
      functionName: 'apiController',
      logs: ['creating ada'],
      steps: [{
        request: { method: 'POST', path: '/api/user', ...json({ username: 'ada', age: 36, email: 'ada@example.com', extra: 'dropped' }) },
        expected: { status: 200, json: { success: true, data: { username: 'ada', age: 36, email: 'ada@example.com' }, isDto: true } },
      }],
    },
    {
      name: 'an invalid DTO is a 422 (MidwayValidationError) through the catch-all filter',
      functionName: 'apiController',
      steps: [{
        request: { method: 'POST', path: '/api/user', ...json({ username: '', age: 200, email: 'nope' }) },
        expected: { status: 422, headers: { 'content-type': /^application\/json/ } },
      }],
    },
    {
      name: '@UseGuard([AdminGuard]) refuses with 403 and lets the right token through to @App().getConfig',
      functionName: 'apiController',
      steps: [
        { request: { path: '/api/admin' }, expected: { status: 403 } },
        { request: { path: '/api/admin', headers: { 'x-admin-token': 'open-sesame' } }, expected: { status: 200, json: { success: true, welcome: 'Hello from the boilerplate' } } },
      ],
    },
    {
      // As functions, an unknown path never reaches the app: the gateway answers it.
      name: 'an unknown page is a NotFoundError that the NotFoundFilter redirects to /404.html',
      functionName: 'homeController',
      modes: ['server', 'invoke'],
      steps: [{ request: { path: '/nothing/here' }, expected: { status: 302, headers: { location: '/404.html' } } }],
    },
  ],
  events: [],
  bundleLimits: { homeController: SESSION_BUNDLE_BYTES },
};

const s3Put = awsEvent('s3-put-doc.json');
const scheduled = awsEvent('eventbridge-scheduled-event-doc.json');
const sqs = awsEvent('sqs-two-records-doc.json');

export const FAAS: MidwayApp = {
  name: 'faas',
  http: [
    {
      name: 'an HTTP trigger answers with its @Config greeting and the query; ctx.logger logs with the request id',
      functionName: 'helloHttpService-handleHTTPEvent',
      logsWithRequestId: 'greeting ada',
      steps: [{ request: { path: '/hello?name=ada' }, expected: { status: 200, text: 'Hello ada' } }],
    },
    {
      name: 'a parameter default applies when the query leaves it out',
      functionName: 'helloHttpService-handleHTTPEvent',
      steps: [{ request: { path: '/hello' }, expected: { status: 200, text: 'Hello midway' } }],
    },
    {
      name: 'a POST trigger gets the JSON body and ctx.method',
      functionName: 'helloHttpService-echo',
      steps: [{ request: { method: 'POST', path: '/echo', ...json({ a: 1 }) }, expected: { status: 200, json: { received: { a: 1 }, method: 'POST' } } }],
    },
  ],
  events: [
    {
      name: 'an EVENT handler receives the invocation payload itself',
      functionName: 'helloEventService-handleEvent',
      payload: { hello: 'world', list: [1, 2] },
      result: { got: { hello: 'world', list: [1, 2] } },
    },
    {
      name: 'an OS handler receives the normalized storage event of an S3 put',
      functionName: 'uploadService-handleUpload',
      payload: s3Put,
      awsEvent: true,
      result: { keys: ['DOC-EXAMPLE-BUCKET/b21b84d653bb07b05b1e6b33684dc11b'] },
    },
    {
      name: 'a TIMER handler receives the normalized timer event with the trigger payload',
      functionName: 'nightlyService-handleTimer',
      payload: scheduled,
      awsEvent: true,
      result: { ranAt: '2019-03-01T01:23:45Z', payload: 'nightly' },
    },
    {
      // On AWS an SQS invocation answers with the batch's failed messages, as Lambda's SQS contract says.
      name: 'an MQ handler receives one normalized message',
      functionName: 'orderQueueService-handleMessage',
      payload: { trigger: 'mq', source: 'cli', data: { topic: 'orders', id: 'm-1', body: 'two pizzas' } },
      result: { topic: 'orders', body: 'two pizzas' },
      host: { payload: { Records: [sqs.Records[0]] }, result: { batchItemFailures: [] } },
    },
  ],
  bundleLimits: Object.fromEntries(
    ['helloHttpService-handleHTTPEvent', 'helloEventService-handleEvent', 'uploadService-handleUpload', 'nightlyService-handleTimer', 'orderQueueService-handleMessage'].map(
      (name) => [name, SMALL_BUNDLE_BYTES],
    ),
  ),
};

const upload = multipart({ title: 'notes' }, [{ field: 'doc', filename: 'a.txt', type: 'text/plain', content: 'file body' }]);

export const WEB_API: MidwayApp = {
  name: 'web-api',
  http: [
    {
      name: 'koa.globalPrefix puts every route under /v1, and a @Match filter wraps the result',
      functionName: 'apiController',
      steps: [{ request: { path: '/v1/api/report' }, expected: { status: 200, json: { data: { total: 3 } } } }],
    },
    {
      name: 'a route without the global prefix is not found',
      functionName: 'apiController',
      modes: ['server', 'invoke'],
      steps: [{ request: { path: '/api/report' }, expected: { status: 404 } }],
    },
    {
      name: '@Queries reads every value of a repeated query parameter',
      functionName: 'apiController',
      steps: [{ request: { path: '/v1/api/queries?tag=a&tag=b' }, expected: { status: 200, json: { tags: ['a', 'b'], all: { tag: ['a', 'b'] } } } }],
    },
    {
      name: '@All answers every method',
      functionName: 'apiController',
      steps: [
        { request: { method: 'DELETE', path: '/v1/api/any' }, expected: { status: 200, json: { method: 'DELETE' } } },
        { request: { method: 'PUT', path: '/v1/api/any' }, expected: { status: 200, json: { method: 'PUT' } } },
      ],
    },
    {
      name: '@Session keeps state in a signed cookie session (config keys)',
      functionName: 'apiController',
      steps: [
        { request: { path: '/v1/api/visits' }, expected: { status: 200, json: { visits: 1 } } },
        { request: { path: '/v1/api/visits' }, withCookies: true, expected: { status: 200, json: { visits: 2 } } },
      ],
    },
    {
      name: '@RequestPath, @RequestIP and a createRequestParamDecorator decorator',
      functionName: 'apiController',
      steps: [{
        request: { path: '/v1/api/whoami', headers: { 'user-agent': 'midway-suite/1' } },
        expected: { status: 200, json: { path: '/v1/api/whoami', ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/), agent: 'midway-suite/1' } },
      }],
    },
    {
      name: '@Files and @Fields read a multipart upload (files saved to temporary paths, mode file)',
      functionName: 'apiController',
      steps: [{
        request: { method: 'POST', path: '/v1/api/upload', ...upload },
        expected: { status: 200, json: { files: [{ filename: 'a.txt', fieldName: 'doc', mimeType: 'text/plain', content: 'file body' }], fields: { title: 'notes' } } },
      }],
    },
    {
      name: 'ParseIntPipe turns a path parameter into a number and a @Pipe class trims a query value',
      functionName: 'apiController',
      steps: [{ request: { path: '/v1/api/items/42?q=%20hi%20' }, expected: { status: 200, json: { id: 42, type: 'number', q: 'hi' } } }],
    },
    {
      name: '@SetHeader({ map }) sets every header; @Config sees what onConfigLoad returned',
      functionName: 'apiController',
      steps: [{ request: { path: '/v1/api/headers' }, expected: { status: 200, json: { channel: 'stable' }, headers: { 'x-api-version': '1', 'cache-control': 'no-store' } } }],
    },
    {
      name: "a middleware's return value becomes the body",
      functionName: 'apiController',
      steps: [{ request: { path: '/v1/api/wrapped' }, expected: { status: 200, json: { wrapped: 'inner' } } }],
    },
    {
      name: 'an exception filter that sets no status answers 200 with its body',
      functionName: 'apiController',
      steps: [{ request: { path: '/v1/api/quota' }, expected: { status: 200, json: { quota: 'exceeded', message: 'try again tomorrow', path: '/v1/api/quota' } } }],
    },
    {
      name: 'a global guard from app.useGuard refuses with 403',
      functionName: 'apiController',
      steps: [{ request: { path: '/v1/api/report', headers: { 'x-blocked': 'yes' } }, expected: { status: 403 } }],
    },
    {
      name: '@UseGuard([A, B]) needs both guards to pass',
      functionName: 'apiController',
      steps: [
        { request: { path: '/v1/api/staff', headers: { 'x-user': 'ada' } }, expected: { status: 403 } },
        { request: { path: '/v1/api/staff', headers: { 'x-user': 'ada', 'x-role': 'admin' } }, expected: { status: 200, json: { staff: true } } },
      ],
    },
  ],
  events: [],
  bundleLimits: {},
};
