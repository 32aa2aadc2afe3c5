import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApp } from 'wick/testing';
import { fuzzRuns } from './helpers/fuzz.js';
import { fixtureApp } from './helpers/paths.js';
import { useServedApp } from './helpers/server.js';

/** `a=1&a=1&…`: one name repeated, the shape that was quadratic. */
const repeated = (name: string, times: number, pair = `${name}=1`) => Array(times).fill(pair).join('&');

/** Access lines for hundreds of requests would bury a failure's output. */
const quiet = { logger: { level: 'warn' } };

const json = (res: Response): Promise<any> => res.json();

const form = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('user input parsers under the default parameter limit', () => {
  const served = useServedApp(() => createApp(fixtureApp('di'), { config: quiet }));

  it('refuses a form body repeating one key 10,000 times with 413, on a route and on an unknown path alike', async () => {
    for (const path of ['/http/body', '/no/such/route']) {
      const res = await fetch(`${served.url}${path}`, form(repeated('a', 10_000)));
      expect(res.status).toBe(413);
      expect((await json(res)).error.message).toBe('the form body has more than 1000 fields (config bodyParser.queryString.parameterLimit)');
    }
  });

  it('parses a form body of exactly the limit, a repeated key as one list', async () => {
    const res = await fetch(`${served.url}/http/body`, form(`${repeated('a', 999)}&b=2`));
    expect(res.status).toBe(200);
    const { body } = await json(res);
    expect(body.a).toHaveLength(999);
    expect(body.b).toBe('2');
  });

  it('refuses a query string of 5,000 parameters with 400', async () => {
    const res = await fetch(`${served.url}/http/params/1?${repeated('a', 5000, 'a')}`);
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toBe('the query string has more than 1000 parameters (config koa.queryParseOptions.parameterLimit)');
  });

  it('refuses a JSON body nested too deeply for the parser with a clear 400', async () => {
    const res = await fetch(`${served.url}/http/body`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '['.repeat(100_000) + ']'.repeat(100_000) });
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toBe('malformed JSON body: nested too deeply');
  });

  // Tokens that stress a form or query parser: separators, bad and good %-escapes, prototype names, brackets.
  const token = fc.oneof(
    fc.constantFrom('&', '=', '+', '%', '%zz', '%E0%A4', '%00', '%F0%9F%98%80', '__proto__', 'constructor', 'prototype', 'a[b]', '[]', 'a'),
    fc.stringMatching(/^[a-zA-Z0-9._~-]{0,6}$/),
  );
  const encoded = fc.array(token, { maxLength: 40 }).map((tokens) => tokens.join(''));

  it('answers random form bodies and query strings without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(encoded, encoded, fc.constantFrom('/http/body', '/http/params/1', '/missing'), async (query, body, path) => {
        const res = await fetch(`${served.url}${path}?${query}`, form(body));
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: fuzzRuns(60) },
    );
  });
});

describe('user input parsers with the parameter limits raised', () => {
  const served = useServedApp(() =>
    createApp(fixtureApp('di'), { config: { ...quiet, bodyParser: { queryString: { parameterLimit: 50_000 } }, koa: { queryParseOptions: { parameterLimit: 50_000 } } } }),
  );

  // Quadratic, 20,000 repeats took ~50 s (past the test's timeout); linear, a few milliseconds.
  it('parses a form body repeating one key 20,000 times into one list of 20,000 values', async () => {
    const res = await fetch(`${served.url}/http/body`, form(repeated('a', 20_000)));
    expect(res.status).toBe(200);
    expect((await json(res)).body.a).toHaveLength(20_000);
  });

  it('parses a query string repeating one name 7,000 times into one list', async () => {
    const res = await fetch(`${served.url}/http/params/1?${repeated('a', 7000, 'a')}`);
    expect(res.status).toBe(200);
    expect((await json(res)).query.a).toHaveLength(7000);
  });
});

describe('parameter limit config', () => {
  it('refuses a limit that is not a whole number of at least 1 when the app starts', async () => {
    await expect(createApp(fixtureApp('di'), { config: { koa: { queryParseOptions: { parameterLimit: 0 } } } })).rejects.toThrow(
      'config koa.queryParseOptions.parameterLimit must be a whole number of at least 1, got 0',
    );
  });
});
