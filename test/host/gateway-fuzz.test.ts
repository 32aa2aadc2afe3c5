import { connect } from 'node:net';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRuns } from '../helpers/fuzz.js';
import { startHost, useHost, type HostProcess } from './helpers.js';

/*
 * The invariant for the host's listening surfaces, the gateway, the Invoke API, the function APIs and /-/status:
 * whatever a client sends, the host stays up and every request is answered, with no 5xx (host-api's functions
 * never fail on their own for these inputs, so any 5xx is the host's). Requests go as raw bytes over node:net, so
 * what no HTTP client would send (bad escapes, control characters, odd methods) reaches the host as written.
 */

const host = useHost('host-api');

/** Path pieces that have broken paths before: bad and half escapes, encoded slashes, dot segments, raw UTF-8. */
const oddSegment = fc.oneof(
  fc.constantFrom('', '.', '..', '%', '%z', '%zz', '%E0%A4%A', '%FF', '%00', '%2F', '%252F', '%2e%2E', 'é', '€', '\u0000', '\t', ';', ':', '$LATEST', '*', '~'),
  fc.string({ maxLength: 12 }),
);
const functionName = fc.oneof(
  { weight: 6, arbitrary: fc.constant('echo') },
  { weight: 2, arbitrary: fc.constantFrom('arn:aws:lambda:local:000000000000:function:echo', 'arn%3Aaws%3Alambda%3Alocal%3A000000000000%3Afunction%3Aecho', 'echo:$LATEST', 'echo:3', 'slow', 'nope') },
  { weight: 2, arbitrary: oddSegment },
);
const segment = fc.oneof(functionName, oddSegment, fc.constantFrom('items', 'slow', '1', 'a b', 'a%20b'));

const oddQuery = fc.oneof(
  fc.constantFrom('?', '?a&a&a', '?Qualifier=$LATEST', '?Qualifier=%zz', '?MaxItems=0', '?MaxItems=2&Marker=%zz', '?tag=a&tag=b', '?ms=-1', '?ms=abc', '?__proto__[x]=1', '?a[b][c]=1', `?${'a&'.repeat(2000)}`),
  fc.string({ maxLength: 20 }).map((text) => `?${text}`),
);
const query = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 2, arbitrary: oddQuery });

/** Header values: mostly what clients send, sometimes what no client library lets through (controls, DEL, CR, LF). */
const value = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\u0001', '\u007f', 'é', '"', ',', ';', '=', '\r', '\n'), maxLength: 16 }) },
);

const base64 = (text: string) => Buffer.from(text).toString('base64');
const clientContext = fc.oneof(
  fc.constantFrom('Cg==', 'e30=', '', '%%%', base64('{"custom":{"a":"\n"}}'), base64('{"client":1}'), base64('[]'), base64('null')),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.json().map(base64),
  value,
);

const invokeHeader = fc.oneof(
  fc.tuple(fc.constant('X-Amz-Invocation-Type'), fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Event', 'RequestResponse', 'DryRun') }, { weight: 1, arbitrary: value })),
  fc.tuple(fc.constant('X-Amz-Log-Type'), fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Tail', 'None') }, { weight: 1, arbitrary: value })),
  fc.tuple(fc.constant('X-Amz-Client-Context'), clientContext),
);
const header = fc.oneof(
  invokeHeader,
  fc.tuple(fc.constantFrom('Content-Type', 'Content-Encoding', 'Cookie', 'Accept', 'Authorization', 'X-Request-Id', 'X-Forwarded-For', 'Expect', 'Range', 'If-None-Match', 'Accept-Encoding'), value),
  fc.tuple(fc.constant('Content-Type'), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/json; charset=latin1')),
  fc.tuple(fc.constantFrom('Origin', 'Sec-Fetch-Site'), fc.constantFrom('http://evil.example', 'null', 'cross-site', 'same-origin')),
  fc.tuple(fc.constant('Upgrade'), fc.constantFrom('websocket', 'h2c', 'TLS/1.2')),
  fc.tuple(fc.constant('Connection'), fc.constantFrom('Upgrade', 'keep-alive', 'close, Upgrade')),
  fc.tuple(fc.string({ unit: fc.constantFrom('a', 'Z', '-', '_', ' ', ':', '\u0000', 'é', '(', '@'), minLength: 1, maxLength: 10 }), value),
);

/** Event payloads the functions and parsers meet: JSON of every shape, broken JSON and arbitrary bytes. */
const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant(Buffer.alloc(0)) },
  { weight: 4, arbitrary: fc.json().map((text) => Buffer.from(text)) },
  { weight: 2, arbitrary: fc.constantFrom('{"fail":"on purpose"}', '{"env":true}', '{', '{"__proto__":{"x":1}}', 'null', '"text"', '[1,2]', 'a=1&a=2&b[c]=3').map((text) => Buffer.from(text)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
);

const commonMethod = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH');
const method = fc.oneof({ weight: 5, arbitrary: commonMethod }, { weight: 1, arbitrary: fc.constantFrom('get', 'BREW', 'M-SEARCH', 'CONNECT', 'TRACE', 'PROPFIND', '') });
const hostHeader = fc.oneof({ weight: 8, arbitrary: fc.constant('own') }, { weight: 1, arbitrary: fc.constantFrom('evil.example', 'localhost', '[::1]', '') });

/** Where requests go: the Invoke API most (it runs functions), the gateway's routes, the other control routes, anywhere. */
const target = fc.oneof(
  { weight: 4, arbitrary: fc.record({ method: fc.oneof({ weight: 6, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: method }), path: fc.tuple(functionName, query).map(([name, rest]) => `/2015-03-31/functions/${name}/invocations${rest}`), headers: fc.array(invokeHeader, { maxLength: 3 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      method,
      path: fc.oneof(fc.tuple(segment, query).map(([id, rest]) => `/items/${id}${rest}`), query.map((rest) => `/items${rest}`), fc.constantFrom('/slow?ms=0', '/slow?ms=2', '/slow', '/slow?ms=x')),
      headers: fc.constant([] as [string, string][]),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      method,
      path: fc.oneof(
        fc.tuple(functionName, query).map(([name, rest]) => `/2015-03-31/functions/${name}${rest}`),
        fc.tuple(functionName, query).map(([name, rest]) => `/2015-03-31/functions/${name}/configuration${rest}`),
        query.map((rest) => `/2015-03-31/functions${rest}`),
        fc.tuple(segment, segment).map(([a, b]) => `/2018-10-31/${a}/${b}`),
        query.map((rest) => `/-/status${rest}`),
        segment.map((name) => `/-/${name}`),
      ),
      headers: fc.constant([] as [string, string][]),
    }),
  },
  { weight: 1, arbitrary: fc.record({ method, path: fc.oneof(fc.constantFrom('*', '/', '//', '/../..'), fc.array(segment, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`)), headers: fc.constant([] as [string, string][]) }) },
);

const request = fc
  .tuple(target, fc.array(header, { maxLength: 4 }), body, hostHeader)
  .map(([{ method, path, headers }, more, payload, host]) => ({ method, path, headers: [...headers, ...more], body: payload, hostHeader: host }));
type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

/** Sends the request as raw bytes and resolves with the status the host answered, or rejects if none comes. */
function sendRaw(port: number, { method, path, headers, body, hostHeader }: FuzzRequest): Promise<number> {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    ...(hostHeader === '' ? [] : [`Host: ${hostHeader === 'own' ? `127.0.0.1:${port}` : hostHeader}`]),
    ...headers.map(([name, text]) => `${name}: ${text}`),
    `Content-Length: ${body.length}`,
    'Connection: close',
  ];
  const raw = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), body]);
  return new Promise((resolve, reject) => {
    // Written, not ended: Node's server drops a request whose client half-closes before the answer.
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within 10 s to ${JSON.stringify(raw.toString('latin1').slice(0, 300))}`));
    }, 10_000);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      // The final answer, past any 100 Continue.
      const status = /^(?:HTTP\/1\.1 1\d\d [^\r]*\r\n(?:[^\r]+\r\n)*\r\n)*HTTP\/1\.1 ([2-5]\d\d) /.exec(answer);
      if (!status) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(Number(status[1]));
    });
    // A reset after the answer was written still counts as answered.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`the connection closed without an answer to ${JSON.stringify(raw.toString('latin1').slice(0, 300))}: ${JSON.stringify(answer.slice(0, 200))}`));
    });
  });
}

describe('wick host under hostile input: every surface answers and the host stays up', () => {
  it('any method, path, header and body gets an answer below 500, and the host keeps running', async () => {
    const port = Number(new URL(host.url).port);
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const status = await sendRaw(port, input);
        expect(host.child.exitCode, 'the host exited').toBeNull();
        expect(status, `${input.method} ${input.path}`).toBeLessThan(500);
      }),
      { numRuns: fuzzRuns(120) },
    );
    const status = await fetch(`${host.url}/-/status`);
    expect(status.status).toBe(200);
    expect(host.child.exitCode).toBeNull();
  }, 120_000);
});

describe('wick host with a token under hostile credentials: refused or served, never a 5xx, and it stays up', () => {
  const TOKEN = 'fuzz-token';
  let secured: HostProcess;
  let lambda: LambdaClient;

  beforeAll(async () => {
    secured = await startHost(host.out, '--token', TOKEN, '--runtime-pool', '0');
    lambda = new LambdaClient({ endpoint: secured.url, region: 'local', credentials: { accessKeyId: 'fuzz', secretAccessKey: TOKEN }, maxAttempts: 1 });
  }, 30_000);

  afterAll(async () => {
    lambda?.destroy();
    expect(await secured?.stop()).toBe(0);
  });

  const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
  const amzDate = fc.oneof(fc.constant(new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')), fc.constantFrom('20200101T000000Z', '99999999T999999Z', ''), value);
  const sigV4 = fc
    .tuple(fc.oneof(fc.constant('fuzz'), value), fc.oneof(amzDate.map((date) => date.slice(0, 8)), value), fc.constantFrom('local', 'us-east-1', ''), fc.constantFrom('lambda', 's3', ''), fc.oneof(fc.constantFrom('host', 'host;x-amz-date', 'content-type;host;x-amz-date', 'constructor;host', '__proto__;host'), value), fc.oneof(hex(64), value))
    .map(([id, date, region, service, signed, signature]) => `AWS4-HMAC-SHA256 Credential=${id}/${date}/${region}/${service}/aws4_request, SignedHeaders=${signed}, Signature=${signature}`);
  const authorization = fc.oneof(sigV4, fc.constantFrom(`Bearer ${TOKEN}`, `bearer ${TOKEN}`, 'Bearer', 'Bearer ', `Bearer ${TOKEN}${TOKEN}`, 'Basic Zm9vOmJhcg=='), value.map((text) => `Bearer ${text}`), value);
  const credentials = fc.record({ authorization, date: amzDate, hash: fc.oneof(hex(64), fc.constantFrom('UNSIGNED-PAYLOAD', ''), value) });

  it('any Authorization, X-Amz-Date and X-Amz-Content-Sha256 on any control request', async () => {
    const port = Number(new URL(secured.url).port);
    await fc.assert(
      fc.asyncProperty(request, credentials, async (input, { authorization: auth, date, hash }) => {
        const headers: [string, string][] = [['Authorization', auth], ['X-Amz-Date', date], ['X-Amz-Content-Sha256', hash], ...input.headers];
        const status = await sendRaw(port, { ...input, headers });
        expect(secured.child.exitCode, 'the host exited').toBeNull();
        expect(status, `${input.method} ${input.path} ${auth}`).toBeLessThan(500);
      }),
      { numRuns: fuzzRuns(60) },
    );
  }, 120_000);

  it('signed by the SDK, any payload, ClientContext and log type is answered without a 5xx', async () => {
    await fc.assert(
      // What an SDK can send at all: a header value (the SDK refuses control characters before sending).
      fc.asyncProperty(body, clientContext.filter((text) => /^[\x20-\x7e]*$/.test(text)), fc.constantFrom('Tail', 'None'), fc.constantFrom('RequestResponse', 'Event', 'DryRun'), async (payload, context, logType, type) => {
        const answered = await lambda
          .send(new InvokeCommand({ FunctionName: 'echo', Payload: payload, ClientContext: context || undefined, LogType: logType as 'Tail', InvocationType: type as 'Event' }))
          .then((output) => output.StatusCode, (err: { $metadata?: { httpStatusCode?: number }; name: string; message: string }) => err.$metadata?.httpStatusCode ?? `${err.name}: ${err.message}`);
        expect(typeof answered, String(answered)).toBe('number');
        expect(answered as number).toBeLessThan(500);
        expect(secured.child.exitCode, 'the host exited').toBeNull();
      }),
      { numRuns: fuzzRuns(30) },
    );
  }, 120_000);
});
