import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { alive, buildFixture, eventually, getJson, invoke, removeDir, startHost, useHost } from './helpers.js';

const host = useHost('host-api');
let aggregateOut: string;

beforeAll(() => {
  aggregateOut = buildFixture('host-api', '--aggregate');
}, 60_000);

afterAll(() => removeDir(aggregateOut));

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 15_000 });

describe('wick host: the Lambda Invoke API', () => {
  it('RequestResponse returns the function result with the request id the function saw', async () => {
    const result = await invoke(host.url, 'echo', { hello: 'world' });
    expect(result.status).toBe(200);
    expect(result.headers.get('x-amz-executed-version')).toBe('$LATEST');
    expect(result.headers.get('x-amz-function-error')).toBeNull();
    expect(result.body).toEqual({ received: { hello: 'world' }, requestId: result.headers.get('x-amzn-requestid'), functionName: 'echo' });
  });

  it("runs the function with Lambda's environment and none of the host's own variables but PATH", async () => {
    const { body } = await invoke(host.url, 'echo', { env: true });
    const { settings } = await host.fn('echo');
    expect(body.env).toMatchObject({
      AWS_LAMBDA_RUNTIME_API: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      _HANDLER: 'index.handler',
      LAMBDA_TASK_ROOT: join(host.out, 'functions', 'echo'),
      AWS_LAMBDA_FUNCTION_NAME: 'echo',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(settings.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_STREAM_NAME: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
      AWS_REGION: 'local',
      WICK_RUNTIME_CONCURRENCY: String(settings.concurrency),
      WICK_ENV: process.env.WICK_ENV || 'prod',
      PATH: process.env.PATH,
    });
    // The host runs with this test's environment (HOME, VITEST, ...): only PATH and WICK_ENV may pass through.
    const passed = Object.keys(body.env).filter((name) => name in process.env && !['PATH', 'LANG', 'WICK_ENV', 'TZ'].includes(name));
    expect(passed).toEqual([]);
  });

  it('accepts a function ARN and $LATEST, and treats an empty payload as {}', async () => {
    const result = await invoke(host.url, 'arn:aws:lambda:local:000000000000:function:echo:$LATEST', '');
    expect(result).toMatchObject({ status: 200, body: { received: {} } });
  });

  it("answers a thrown error with 200, X-Amz-Function-Error: Unhandled and errorType, errorMessage, trace (the Node.js runtime's fields)", async () => {
    const result = await invoke(host.url, 'echo', { fail: 'bad input' });
    expect(result.status).toBe(200);
    expect(result.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(result.body).toEqual({ errorType: 'TypeError', errorMessage: 'bad input', trace: expect.arrayContaining(['TypeError: bad input']) });
  });

  it('Event queues the invocation durably, answers 202 at once and runs it', async () => {
    const result = await invoke(host.url, 'echo', { async: true }, 'Event');
    expect(result.status).toBe(202);
    const requestId = result.headers.get('x-amzn-requestid');
    await host.waitFor(new RegExp(`REPORT RequestId: ${requestId}\\tFunction: echo\\t.*Status: ok`));
  });

  it('DryRun checks without running (204)', async () => {
    const before = await host.fn('echo');
    const result = await invoke(host.url, 'echo', { x: 1 }, 'DryRun');
    expect(result.status).toBe(204);
    const after = await host.fn('echo');
    expect(after.coldStarts + after.warmStarts).toBe(before.coldStarts + before.warmStarts);
  });

  it('answers an unknown function with 404 ResourceNotFoundException', async () => {
    const result = await invoke(host.url, 'nope', {});
    expect(result.status).toBe(404);
    expect(result.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(result.body).toEqual({ Type: 'User', Message: 'Function not found: arn:aws:lambda:local:000000000000:function:nope' });
    expect((await invoke(host.url, 'echo:7', {})).status).toBe(404);
  });

  it('answers a malformed body or invocation type with 400', async () => {
    const malformed = await invoke(host.url, 'echo', '{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
    expect(malformed.body.Message).toMatch(/^Could not parse request body into json/);
    const badType = await invoke(host.url, 'echo', {}, 'Sometimes');
    expect(badType.status).toBe(400);
    expect(badType.headers.get('x-amzn-errortype')).toBe('InvalidParameterValueException');
  });
});

describe('wick host: HTTP gateway', () => {
  it('routes a Koa-style path to its function with query, cookies and path parameters', async () => {
    const res = await fetch(`${host.url}/items/42?tag=a&tag=b`, { headers: { cookie: 'session=s1' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: '42', tag: ['a', 'b'], cookie: 's1', ip: '127.0.0.1' });
  });

  it('returns each cookie as its own Set-Cookie header and the function status', async () => {
    const res = await fetch(`${host.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"pen"}' });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()).toEqual([expect.stringMatching(/^a=1/), expect.stringMatching(/^b=2/)]);
    expect(await res.json()).toEqual({ created: { name: 'pen' } });
  });

  it('answers an unknown route with the JSON 404 body and request id, echoing a sane x-request-id', async () => {
    const res = await fetch(`${host.url}/missing`, { headers: { 'x-request-id': 'trace-7' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { status: 404, message: 'no route for GET /missing', requestId: 'trace-7' } });
    const generated = await getJson(`${host.url}/missing`);
    expect(generated.body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get('x-request-id')).toBe(generated.body.error.requestId);
  });

  it('answers a known path with the wrong method with 405 and Allow, and OPTIONS with 204', async () => {
    const wrong = await fetch(`${host.url}/slow`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('HEAD, GET');
    const options = await fetch(`${host.url}/slow`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('HEAD, GET, OPTIONS');
  });

  it('routes every trigger of an aggregate build to its one artifact', async () => {
    const aggregate = await startHost(aggregateOut);
    try {
      expect((await getJson(`${aggregate.url}/items/1`)).body.id).toBe('1');
      expect((await getJson(`${aggregate.url}/slow?ms=1`)).body.slept).toBe(1);
      const status = await aggregate.status();
      expect(Object.keys(status.functions).sort()).toEqual(['app', 'echo']);
      expect(status.functions.app).toMatchObject({ coldStarts: 1, warmStarts: 1 });
    } finally {
      expect(await aggregate.stop()).toBe(0);
    }
  });
});

describe('wick host: CLI', () => {
  it('wick host status prints functions, counters and instances as a table', async () => {
    await getJson(`${host.url}/slow?ms=1`);
    const result = cli('host', 'status', '--url', host.url);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^FUNCTION\s+INSTANCES\s+BUSY\s+COLD\s+WARM\s+THROTTLES\s+ERRORS\s+TIMEOUTS\s+QUEUED\s+ASYNC\s+P50 MS\s+P99 MS$/m);
    expect(result.stdout).toMatch(/^slow\s+1\/10\s+0\s+1\s+\d+/m);
    expect(result.stdout).toMatch(/^FUNCTION\s+PID\s+STATE\s+IN FLIGHT/m);
    expect(result.stdout).toMatch(/^slow\s+\d+\s+idle\s+0/m);
  });

  it('wick host status says plainly when no host answers', () => {
    const result = cli('host', 'status', '--url', 'http://127.0.0.1:9');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no wick host answers at http:\/\/127\.0\.0\.1:9/);
  });

  it('refuses a folder without a manifest, telling to run wick build first', () => {
    const empty = mkdtempSync(join(tmpdir(), 'wick-empty-'));
    try {
      const result = cli('host', '--dir', empty, '--port', '0');
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/no manifest at .*manifest\.json: run wick build first/);
    } finally {
      removeDir(empty);
    }
  });

  it.each([
    [['--idle-timeout', 'soon'], /--idle-timeout: invalid duration "soon"/],
    [['--queue-size=-1'], /--queue-size must be a whole number from 0 to 10000/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--runtime-pool', 'many'], /--runtime-pool must be a whole number from 0 to 32/],
    [['--colour'], /unknown option '--colour'/],
    [['extra'], /unexpected argument "extra"/],
  ])('rejects bad flags %j with a clear error', (args, message) => {
    const result = cli('host', '--dir', host.out, ...args);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('drains in-flight requests on SIGTERM, then stops every instance and exits 0', async () => {
    const draining = await startHost(host.out);
    const inFlight = getJson(`${draining.url}/slow?ms=700`);
    const busy = await eventually(async () => (await draining.fn('slow')).instances.find((instance) => instance.state === 'busy'), 5000, 'a busy instance');
    draining.child.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer).toMatchObject({ status: 200, body: { slept: 700, pid: busy.pid } });
    expect(await draining.exited).toBe(0);
    expect(draining.output()).toContain('[host] SIGTERM: draining');
    expect(draining.output()).toContain('[host] stopped');
    expect(alive(busy.pid!)).toBe(false);
  });
});
