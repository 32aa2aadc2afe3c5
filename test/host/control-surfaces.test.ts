import { spawnSync } from 'node:child_process';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from 'wick';
import { createApp } from 'wick/testing';
import { CLI, fixtureApp } from '../helpers/paths.js';
import { runCli, type CliProcess } from '../helpers/process.js';
import { eventually, startHost, useHost } from './helpers.js';

const host = useHost('host-api');
const TOKEN = 's3cret-token-for-tests';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

/** One request with exactly these headers (Host and Origin included, which fetch will not set). */
function send(url: string, path: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer } = {}): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: { ...(body !== undefined && { 'content-length': Buffer.byteLength(body) }), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const invocations = async (name: string) => {
  const fn = await host.fn(name);
  return fn.coldStarts + fn.warmStarts;
};

function expectRefused(answer: Answer, code: string, message: RegExp): void {
  expect(answer.status).toBe(403);
  expect(answer.headers['content-type']).toBe('application/json');
  expect(answer.headers['x-amzn-errortype']).toBe(code);
  expect(answer.json()).toEqual({ Type: 'User', Message: expect.stringMatching(message) });
}

describe('wick host control surfaces: the Host header (DNS rebinding)', () => {
  it('refuses /-/status, the Invoke API and the function APIs under a Host that is not its own, with a 403 JSON error', async () => {
    const headers = { host: `evil.example:${new URL(host.url).port}` };
    expectRefused(await send(host.url, '/-/status', { headers }), 'AccessDeniedException', /does not answer to the Host "evil\.example:\d+".*--allowed-host/);
    expectRefused(await send(host.url, '/2015-03-31/functions', { headers }), 'AccessDeniedException', /Host "evil\.example/);
    const before = await invocations('echo');
    expectRefused(await send(host.url, '/2015-03-31/functions/echo/invocations', { method: 'POST', headers, body: '{}' }), 'AccessDeniedException', /Host/);
    expect(await invocations('echo')).toBe(before);
  });

  it('answers under loopback names and IP addresses', async () => {
    const { port } = new URL(host.url);
    for (const name of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, `10.1.2.3:${port}`, 'app.localhost']) {
      expect((await send(host.url, '/-/status', { headers: { host: name } })).status, name).toBe(200);
    }
  });

  it('leaves the gateway open to any Host and any site, as an API gateway is', async () => {
    const answer = await send(host.url, '/items/7', { headers: { host: 'evil.example', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ id: '7' });
  });
});

describe('wick host control surfaces: cross-site requests', () => {
  it('a text/plain POST from a page on http://evil.example does not run the function', async () => {
    const before = await invocations('echo');
    const answer = await send(host.url, '/2015-03-31/functions/echo/invocations', {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
      body: '{"hello":"from evil"}',
    });
    expectRefused(answer, 'AccessDeniedException', /refuses a request from http:\/\/evil\.example/);
    expect(await invocations('echo')).toBe(before);
  });

  it.each([
    [{ 'sec-fetch-site': 'cross-site' }, /a cross-site request/],
    [{ 'sec-fetch-site': 'same-site' }, /a same-site request/],
    [{ origin: 'null' }, /a request from null/],
    [{ origin: 'http://localhost:3000' }, /a request from http:\/\/localhost:3000/],
  ])('refuses %j', async (headers, message) => {
    expectRefused(await send(host.url, '/-/status', { headers }), 'AccessDeniedException', message);
  });

  it("serves its own origin, a browser's own navigation and clients that send neither", async () => {
    const { port } = new URL(host.url);
    expect((await send(host.url, '/-/status', { headers: { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    expect((await send(host.url, '/-/status', { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200);
    const invoked = await send(host.url, '/2015-03-31/functions/echo/invocations', { method: 'POST', body: '{"n":1}' });
    expect(invoked.status).toBe(200);
    expect(invoked.json()).toMatchObject({ received: { n: 1 } });
  });
});

describe('wick host control surfaces: answers to odd requests', () => {
  it('a FunctionName with a bad %-escape is a JSON 400, never a plain-text 500', async () => {
    for (const [method, path] of [['POST', '/2015-03-31/functions/%E0%A4%A/invocations'], ['GET', '/2015-03-31/functions/ec%zzho'], ['GET', '/2015-03-31/functions/%FF/configuration']]) {
      const answer = await send(host.url, path, { method, body: method === 'POST' ? '{}' : undefined });
      expect(answer.status, path).toBe(400);
      expect(answer.headers['x-amzn-errortype'], path).toBe('InvalidParameterValueException');
      expect(answer.json(), path).toEqual({ Type: 'User', Message: expect.stringMatching(/at 'functionName' failed to satisfy constraint: Member must be percent-encoded UTF-8/) });
    }
  });

  it('an ARN in the path is decoded once (%3A is a colon), as the SDK sends it', async () => {
    const answer = await send(host.url, '/2015-03-31/functions/arn%3Aaws%3Alambda%3Alocal%3A000000000000%3Afunction%3Aecho/invocations', { method: 'POST', body: '{}' });
    expect(answer.status).toBe(200);
  });

  it('a query of repeated names gets the same answer through the host as in server mode (the head limit counts the query as sent)', async () => {
    const app = await createApp(fixtureApp('host-api'), { config: { accessLog: { enable: false }, logger: { level: 'silent' } } });
    const server = await startServer(app, { port: 0, host: '127.0.0.1' });
    const answer = (got: Answer) => ({ status: got.status, body: got.status === 200 ? got.json() : got.json().error.message });
    try {
      // The 14 KB `a&a&...`, and names long enough to fill 16 KB once `=` is added to each.
      for (const path of [`/items/1?${'a&'.repeat(7 * 1024)}tag=x`, `/items/1?${'abcdefghijklmn&'.repeat(990)}tag=x`]) {
        const expected = answer(await send(`http://127.0.0.1:${server.port}`, path));
        expect(answer(await send(host.url, path)), path.slice(0, 40)).toEqual(expected);
      }
      expect(answer(await send(host.url, `/items/1?${'abcdefghijklmn&'.repeat(990)}tag=x`))).toMatchObject({ status: 200, body: { id: '1', tag: 'x' } });
    } finally {
      await server.stop();
    }
  });

  it('at the drain deadline a request on a stopped instance gets a clean 503, not 502 "function crashed"', async () => {
    const draining = await startHost(host.out, '--drain-timeout', '200ms');
    try {
      const inFlight = send(draining.url, '/slow?ms=2500');
      await eventually(async () => (await draining.fn('slow')).instances.some((instance) => instance.state === 'busy'), 5000, 'a busy instance');
      draining.child.kill('SIGTERM');
      const answer = await inFlight;
      expect(answer.status).toBe(503);
      expect(answer.json().error).toMatchObject({ status: 503, message: 'the host is shutting down' });
      expect(await draining.exited).toBe(0);
    } finally {
      await draining.stop();
    }
  });
});

/** `wick host` on a built folder with these flags, started as a real process; resolves with its printed URL. */
async function hostAt(dir: string, pattern: RegExp, ...args: string[]): Promise<CliProcess & { url: string }> {
  const cli = runCli(['host', '--dir', dir, '--port', '0', '--runtime-pool', '0', ...args]);
  try {
    const [, url] = await cli.waitFor(pattern, 10_000);
    return { ...cli, url };
  } catch (err) {
    cli.child.kill('SIGKILL');
    throw err;
  }
}

async function stopHost(cli: CliProcess | undefined): Promise<void> {
  if (!cli || cli.child.exitCode !== null || cli.child.signalCode !== null) return;
  cli.child.kill('SIGTERM');
  expect(await cli.exited).toBe(0);
}

/** A non-loopback IPv4 address of this machine, if it has one. */
function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
}

describe('wick host binding', () => {
  it('listens on 127.0.0.1 by default and says so: another interface of the machine is refused', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const lan = lanAddress();
    if (!lan) return;
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(host.url).port), lan);
      socket.once('connect', () => socket.destroy() && resolve('connected'));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('refuses to start beyond loopback without a token, with a clear error', () => {
    const result = spawnSync(process.execPath, [CLI, 'host', '--dir', host.out, '--port', '0', '--host', '0.0.0.0'], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, WICK_HOST_TOKEN: '' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/wick host --host 0\.0\.0\.0 listens beyond this machine: give it a token \(--token <secret> or WICK_HOST_TOKEN\)/);
  });
});

describe('wick host with a token (bound beyond loopback)', () => {
  let secured: (CliProcess & { url: string }) | undefined;
  let local: string;
  let lambda: LambdaClient;

  beforeAll(async () => {
    secured = await hostAt(host.out, /listening on (http:\/\/0\.0\.0\.0:\d+)/, '--host', '0.0.0.0', '--token', TOKEN, '--allowed-host', 'wick.test', '--allowed-host', 'Other.Test:9000');
    local = `http://127.0.0.1:${new URL(secured.url).port}`;
    lambda = new LambdaClient({ endpoint: local, region: 'local', credentials: { accessKeyId: 'any', secretAccessKey: TOKEN }, maxAttempts: 1 });
  }, 30_000);

  afterAll(async () => {
    lambda?.destroy();
    await stopHost(secured);
  });

  it('says the true address it listens on', () => {
    expect(secured!.output()).toMatch(/wick host listening on http:\/\/0\.0\.0\.0:\d+ /);
  });

  it('refuses control requests without the token or with a wrong one, and serves the bearer token under the --allowed-host names', async () => {
    expectRefused(await send(local, '/-/status'), 'UnrecognizedClientException', /needs its token: Authorization: Bearer <token>, or an AWS SDK/);
    expectRefused(await send(local, '/-/status', { headers: { authorization: 'Bearer nope' } }), 'UnrecognizedClientException', /not the host token/);
    expectRefused(await send(local, '/-/status', { headers: { authorization: `Bearer ${TOKEN}x` } }), 'UnrecognizedClientException', /not the host token/);
    expect((await send(local, '/-/status', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    for (const name of ['wick.test', 'WICK.test:80', 'other.test']) {
      expect((await send(local, '/-/status', { headers: { authorization: `Bearer ${TOKEN}`, host: name } })).status, name).toBe(200);
    }
    expectRefused(await send(local, '/-/status', { headers: { authorization: `Bearer ${TOKEN}`, host: 'wick.test.evil.example' } }), 'AccessDeniedException', /Host/);
  });

  it('still serves the gateway without a token', async () => {
    expect((await send(local, '/items/3')).status).toBe(200);
  });

  it('takes @aws-sdk/client-lambda signing with the token as its secret access key', async () => {
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"signed":true}') }));
    expect(output.StatusCode).toBe(200);
    expect(JSON.parse(Buffer.from(output.Payload!).toString())).toMatchObject({ received: { signed: true } });
    expect((await lambda.send(new ListFunctionsCommand({}))).Functions!.map((fn) => fn.FunctionName)).toContain('echo');
    // A signed query (MaxItems, Marker) and a path the signer encodes twice (an ARN's colons).
    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 1 }));
    const second = await lambda.send(new ListFunctionsCommand({ MaxItems: 1, Marker: first.NextMarker }));
    expect([first.Functions![0].FunctionName, second.Functions![0].FunctionName]).toEqual(['echo', 'itemController']);
    const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: 'arn:aws:lambda:local:000000000000:function:echo' }));
    expect(Configuration!.FunctionName).toBe('echo');
  });

  it('refuses an SDK signing with another secret (InvalidSignatureException)', async () => {
    const wrong = new LambdaClient({ endpoint: local, region: 'local', credentials: { accessKeyId: 'any', secretAccessKey: 'guess' }, maxAttempts: 1 });
    try {
      const err = await wrong.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{}') })).catch((error: Error) => error);
      expect((err as Error).name).toBe('InvalidSignatureException');
    } finally {
      wrong.destroy();
    }
  });

  it('refuses a signed request replayed with another body', async () => {
    const captured: { headers: Record<string, string>; path: string }[] = [];
    const spy = new LambdaClient({ endpoint: local, region: 'local', credentials: { accessKeyId: 'any', secretAccessKey: TOKEN }, maxAttempts: 1 });
    // The deserialize step sees the request as it goes out, signed.
    spy.middlewareStack.add((next) => async (args) => {
      const request = args.request as { headers: Record<string, string>; path: string };
      captured.push({ headers: { ...request.headers }, path: request.path });
      return next(args);
    }, { step: 'deserialize' });
    try {
      await spy.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"n":1}') }));
    } finally {
      spy.destroy();
    }
    const [{ headers, path }] = captured;
    const { 'content-length': _length, ...rest } = headers;
    const tampered = await send(local, path, { method: 'POST', headers: rest, body: '{"n":2}' });
    expectRefused(tampered, 'InvalidSignatureException', /SHA-256 of the body|does not match/);
  });

  it('wick host status, wick host bill --url and wick invoke --url send the token (--token or WICK_HOST_TOKEN)', () => {
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, WICK_HOST_TOKEN: '', ...env } });
    const refused = cli(['host', 'status', '--url', local]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/answered 403: wick host needs its token/);
    const status = cli(['host', 'status', '--url', local, '--token', TOKEN]);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^echo\s+/m);
    expect(cli(['host', 'status', '--url', local], { WICK_HOST_TOKEN: TOKEN }).status).toBe(0);
    const bill = cli(['host', 'bill', '--url', local, '--token', TOKEN]);
    expect(bill.status, bill.stderr).toBe(0);
    const invoked = cli(['invoke', 'echo', '--url', local, '--data', '{"via":"cli"}', '--token', TOKEN]);
    expect(invoked.status, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)).toMatchObject({ received: { via: 'cli' } });
    const anonymous = cli(['invoke', 'echo', '--url', local, '--data', '{}']);
    expect(anonymous.status).toBe(1);
    expect(anonymous.stderr).toMatch(/UnrecognizedClientException/);
  });
});
