import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LambdaError } from '../../runtime-host/protocol.js';
import { RuntimeApi, type Invocation, type RuntimeAnswer } from '../../runtime-host/runtime-api.js';
import { eventually } from './helpers.js';

/** The Runtime API as a runtime client sees it, driven with plain HTTP as the documentation describes it (this test process is its instance). */
let api: RuntimeApi;
let events: { ready: number; initErrors: LambdaError[]; answers: [string, RuntimeAnswer][] };
/** What the host does once an answer came (it hands the instance its next invocation at once). */
let afterAnswer: (() => void) | undefined;

beforeEach(async () => {
  events = { ready: 0, initErrors: [], answers: [] };
  afterAnswer = undefined;
  api = await RuntimeApi.start({
    ready: () => void (events.ready += 1),
    initError: (error) => void events.initErrors.push(error),
    answer: (requestId, answer) => {
      events.answers.push([requestId, answer]);
      afterAnswer?.();
    },
  }, () => process.pid);
});

afterEach(() => api.close());

const base = () => `http://${api.address}/2018-06-01/runtime`;

function invocation(requestId: string, payload: unknown): Invocation {
  return { requestId, payload: Buffer.from(JSON.stringify(payload)), deadlineMs: 1_700_000_000_000, functionArn: 'arn:aws:lambda:local:000000000000:function:f', traceId: 'Root=1-abc' };
}

describe('Runtime API (2018-06-01)', () => {
  it('long-polls next until an invocation arrives, with the documented headers', async () => {
    const next = fetch(`${base()}/invocation/next`);
    await eventually(() => events.ready === 1, 5000, 'the first poll');
    api.deliver({ ...invocation('req-1', { hello: 'world' }), clientContext: '{"custom":{"a":1}}' });
    const res = await next;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: 'world' });
    expect(res.headers.get('lambda-runtime-aws-request-id')).toBe('req-1');
    expect(res.headers.get('lambda-runtime-deadline-ms')).toBe('1700000000000');
    expect(res.headers.get('lambda-runtime-invoked-function-arn')).toBe('arn:aws:lambda:local:000000000000:function:f');
    expect(res.headers.get('lambda-runtime-trace-id')).toBe('Root=1-abc');
    expect(res.headers.get('lambda-runtime-client-context')).toBe('{"custom":{"a":1}}');
  });

  it('hands a queued invocation to the next poll at once and takes its response as bytes', async () => {
    api.deliver(invocation('req-2', [1, 2]));
    const next = await fetch(`${base()}/invocation/next`);
    expect(await next.json()).toEqual([1, 2]);
    const posted = await fetch(`${base()}/invocation/req-2/response`, { method: 'POST', body: '{"ok":true}' });
    expect(posted.status).toBe(202);
    expect(await posted.json()).toEqual({ status: 'OK' });
    expect(events.answers).toEqual([['req-2', { kind: 'response', payload: Buffer.from('{"ok":true}') }]]);
  });

  it('takes a function error with its type, message and stack trace', async () => {
    api.deliver(invocation('req-3', {}));
    await fetch(`${base()}/invocation/next`);
    const error = { errorMessage: 'nope', errorType: 'TypeError', stackTrace: ['at f (index.js:1:1)'] };
    const posted = await fetch(`${base()}/invocation/req-3/error`, { method: 'POST', headers: { 'lambda-runtime-function-error-type': 'TypeError' }, body: JSON.stringify(error) });
    expect(posted.status).toBe(202);
    expect(events.answers).toEqual([['req-3', { kind: 'error', error: { errorType: 'TypeError', errorMessage: 'nope', stackTrace: ['at f (index.js:1:1)'] } }]]);
  });

  it("keeps the trace lines Lambda's Node.js runtime client posts, as it posts them", async () => {
    api.deliver(invocation('req-4', {}));
    await fetch(`${base()}/invocation/next`);
    const error = { errorType: 'Error', errorMessage: 'boom', trace: ['Error: boom', '    at handler (/var/task/index.js:2:9)'] };
    await fetch(`${base()}/invocation/req-4/error`, { method: 'POST', headers: { 'lambda-runtime-function-error-type': 'Error' }, body: JSON.stringify(error) });
    expect(events.answers).toEqual([['req-4', { kind: 'error', error }]]);
  });

  it('takes an init error, and a non-JSON error body as its text under the header type', async () => {
    const posted = await fetch(`${base()}/init/error`, { method: 'POST', headers: { 'lambda-runtime-function-error-type': 'Runtime.ImportModuleError' }, body: 'Cannot find module' });
    expect(posted.status).toBe(202);
    expect(events.initErrors).toEqual([{ errorType: 'Runtime.ImportModuleError', errorMessage: 'Cannot find module' }]);
  });

  it('refuses an answer for a request id that is not in flight, and unknown routes', async () => {
    const stray = await fetch(`${base()}/invocation/nobody/response`, { method: 'POST', body: '{}' });
    expect(stray.status).toBe(400);
    expect(await stray.json()).toMatchObject({ errorType: 'InvalidRequestID' });
    expect((await fetch(`${base()}/invocation/next`, { method: 'POST' })).status).toBe(404);
    const badEscape = await fetch(`${base()}/invocation/%ZZ/response`, { method: 'POST', body: '{}' });
    expect({ status: badEscape.status, body: await badEscape.json() }).toMatchObject({ status: 400, body: { errorType: 'InvalidRequestID' } });
    api.deliver(invocation('req-4', {}));
    await fetch(`${base()}/invocation/next`);
    api.forget('req-4'); // timed out
    expect((await fetch(`${base()}/invocation/req-4/response`, { method: 'POST', body: '{}' })).status).toBe(400);
    expect(events.answers).toEqual([]);
  });

  it('fails only the invocation whose answer to next cannot be written, and gives the same poll the next one', async () => {
    const next = fetch(`${base()}/invocation/next`);
    await eventually(() => events.ready === 1, 5000, 'the first poll');
    api.deliver({ ...invocation('req-bad', {}), traceId: 'Root=1-abc\r\nX-Injected: yes' });
    expect(events.answers).toEqual([['req-bad', { kind: 'error', error: { errorType: 'Runtime.InvalidInvocation', errorMessage: expect.stringContaining('RequestId: req-bad') } }]]);
    api.deliver(invocation('req-good', { fine: true }));
    const res = await next;
    expect(res.headers.get('lambda-runtime-aws-request-id')).toBe('req-good');
    expect(res.headers.get('x-injected')).toBeNull();
    expect(await res.json()).toEqual({ fine: true });
  });

  it('hands the next invocation to a next pipelined behind an answer, as the runtime client sends them', async () => {
    api.deliver(invocation('req-6', {}));
    await fetch(`${base()}/invocation/next`);
    const [host, port] = api.address.split(':');
    const socket = connect(Number(port), host);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    await new Promise((resolve) => socket.once('connect', resolve));
    const answer = `POST /2018-06-01/runtime/invocation/req-6/response HTTP/1.1\r\nHost: ${api.address}\r\nContent-Length: 2\r\n\r\n{}`;
    // Delivered as the host does, at once: the poll still waits behind the 202 on its connection.
    afterAnswer = () => queueMicrotask(() => api.deliver(invocation('req-7', { seventh: true })));
    socket.write(`${answer}GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: ${api.address}\r\n\r\n`);
    await eventually(() => received.includes('{"seventh":true}'), 5000, 'the pipelined next to get req-7');
    expect(received).toMatch(/lambda-runtime-aws-request-id: req-7/i);
    socket.destroy();
  });

  it('fails an invocation whose response is over 6 MB with 413 and Function.ResponseSizeTooLarge', async () => {
    api.deliver(invocation('req-5', {}));
    await fetch(`${base()}/invocation/next`);
    const posted = await fetch(`${base()}/invocation/req-5/response`, { method: 'POST', body: Buffer.alloc(6 * 1024 * 1024 + 1, 0x20) });
    expect(posted.status).toBe(413);
    expect(events.answers).toEqual([['req-5', { kind: 'error', error: expect.objectContaining({ errorType: 'Function.ResponseSizeTooLarge' }) }]]);
  });
});
