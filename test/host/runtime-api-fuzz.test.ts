import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzRuns } from '../helpers/fuzz.js';
import { useHost } from './helpers.js';

/*
 * The invariant for the Runtime API: whatever reaches it, from the instance itself (the only process it serves) or
 * from an Invoke whose headers flow into its `next` answers, the host stays up and every caller gets an answer.
 * The `probe` function sends its own Runtime API the raw requests each case draws, one connection each.
 */

const host = useHost('host-guard');

const RUNTIME = '/2018-06-01/runtime';

const path = fc.oneof(
  fc.constantFrom(
    `${RUNTIME}/invocation/next`,
    `${RUNTIME}/invocation/{self}/response`,
    `${RUNTIME}/invocation/{self}/error`,
    `${RUNTIME}/init/error`,
    `${RUNTIME}/invocation/%ZZ/response`,
    `${RUNTIME}/invocation/%E0%A4%A/error`,
    `${RUNTIME}/invocation//response`,
    `${RUNTIME}/invocation/{self}/response/extra`,
    `${RUNTIME}/invocation/next?x=1`,
    '*',
    '/',
  ),
  fc.uuid().map((id) => `${RUNTIME}/invocation/${id}/response`),
  fc.string({ maxLength: 30 }).map((text) => `${RUNTIME}/invocation/${encodeURIComponent(text)}/error`),
  fc.string({ maxLength: 30 }).map((text) => `/${text.replace(/[\s]/g, '')}`),
  fc.integer({ min: 1000, max: 20_000 }).map((length) => `${RUNTIME}/invocation/${'a'.repeat(length)}/response`),
);

/** Header values as the Runtime API could receive them from a broken client: controls, DEL, non-ASCII. */
const headerValue = fc.oneof(
  fc.constantFrom('Runtime.Unknown', 'TypeError', '', ' ', 'x'.repeat(9000)),
  fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\t', '\u0001', '\u007f', 'é', '"', ':', '.'), maxLength: 20 }),
);

const body = fc.oneof(
  fc.constantFrom('', '{', '{"errorType":', 'null', '[]', '"text"', '{"errorType":1,"errorMessage":{},"trace":"x","stackTrace":[1,{}]}', '{"__proto__":{"polluted":1}}'),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
);

/** One request's bytes: a method, a path, the error-type header or not, a body framed right, wrong or not at all. */
const request = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE', 'BREW'),
    path,
    errorType: fc.option(headerValue, { nil: undefined }),
    body,
    framing: fc.constantFrom('length', 'length', 'short', 'long', 'chunked', 'none'),
    pad: fc.constantFrom(0, 0, 0, 300_000, 7 * 1024 * 1024),
    hangUp: fc.boolean(),
  })
  .map(({ method, path: target, errorType, body: text, framing, pad, hangUp }) => {
    const length = Buffer.byteLength(text) + pad;
    const framed = { length: `Content-Length: ${length}\r\n`, short: `Content-Length: ${Math.max(0, length - 1)}\r\n`, long: `Content-Length: ${length + 10}\r\n`, chunked: 'Transfer-Encoding: chunked\r\n', none: '' }[framing];
    const head = `${method} ${target} HTTP/1.1\r\nHost: runtime\r\n${errorType === undefined ? '' : `Lambda-Runtime-Function-Error-Type: ${errorType}\r\n`}${framed}\r\n`;
    return { raw: `${head}${text}`, pad, hangUp };
  });

async function invoke(name: string, payload: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${host.url}/2015-03-31/functions/${name}/invocations`, { method: 'POST', headers, body: JSON.stringify(payload) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

function parsed(text: string): { answers?: unknown } | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The host is up and its functions answer. */
async function hostServes(): Promise<void> {
  expect((await fetch(`${host.url}/-/status`)).status).toBe(200);
  expect((await invoke('whoami', {})).status).toBe(200);
}

describe('wick host: the Runtime API under hostile input', () => {
  it('stays up and answers every caller, whatever the instance sends its own Runtime API', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 3 }), async (requests) => {
        const result = await invoke('probe', { requests });
        // The probe's own answer, a forged one it posted, its error, or its timeout: an answer, from a live host.
        expect(result.status).toBe(200);
        expect(result.headers.get('x-amzn-requestid')).toBeTruthy();
        // When the probe's own result came back: the Runtime API answered none of its requests with a 5xx.
        const { answers } = parsed(result.text) ?? {};
        if (Array.isArray(answers)) for (const answer of answers) expect(answer).not.toMatch(/^HTTP\/1\.1 5/);
      }),
      { numRuns: fuzzRuns(12) },
    );
    await hostServes();
  }, 120_000);

  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  /** Latin-1 text, the most any HTTP client can put in a header value. */
  const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code)), maxLength: 40 });
  const clientContext = fc.oneof(
    fc.constantFrom('Cg==', 'DQo=', 'AA==', 'e30=', '', '=', base64('{"a":"\u0000\u007f"}'), base64('{\n"custom":\r\n{}}'), base64('[]'), base64('null')),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })).map((value) => base64(JSON.stringify(value))),
    fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString('base64')),
    latin1,
  );

  it('answers every Invoke whatever its client context, invocation type and log type, and hands an accepted client context on intact', async () => {
    await fc.assert(
      fc.asyncProperty(
        clientContext,
        fc.oneof(fc.constantFrom('RequestResponse', 'RequestResponse', 'DryRun', 'Event'), latin1),
        fc.oneof(fc.constantFrom('None', 'Tail'), latin1),
        async (context, type, logType) => {
          const headers = { 'x-amz-client-context': context, 'x-amz-invocation-type': type, 'x-amz-log-type': logType };
          const result = await invoke('whoami', { fuzz: true }, headers);
          expect([200, 202, 204, 400]).toContain(result.status);
          if (result.status !== 200) return;
          const { clientContext: received } = JSON.parse(result.text);
          const sent = context ? (JSON.parse(Buffer.from(context, 'base64').toString('utf8')) as unknown) : null;
          expect(received).toEqual(sent);
        },
      ),
      { numRuns: fuzzRuns(60) },
    );
    await hostServes();
  }, 60_000);
});
