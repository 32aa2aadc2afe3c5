import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunctionApp } from 'wick/testing';
import { apiGatewayV2Event, lambdaContext } from './adapters/aws-lambda/platform.js';
import { invokeArtifact, isolate } from './build/artifacts.js';
import { CLI, fixtureApp, ROOT } from './helpers/paths.js';
import { runCli } from './helpers/process.js';
import { useServedApp } from './helpers/server.js';

/**
 * The koa-filters fixture: @koa/cors and koa-static mounted globally, a catch-all `@Catch()` filter shaping every
 * error body, and an event function that always fails.
 */
const APP = fixtureApp('koa-filters');
const quiet = { config: { accessLog: { enable: false }, logger: { level: 'silent' } } };

const served = useServedApp(() => createFunctionApp(APP, quiet));

const json = (response: { body: Buffer }) => JSON.parse(response.body.toString('utf8'));

describe('a global catch-all filter and HTTP errors', () => {
  it('keeps the Allow header of a 405 it answers, in server mode', async () => {
    const res = await fetch(`${served.url}/items`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('HEAD, GET, POST');
    expect(await res.json()).toEqual({ ok: false, status: 405, message: 'Method Not Allowed' });
  });

  it('keeps the Allow header of a 405 it answers, as a function', async () => {
    const res = await served.app.invoke('itemsController', { method: 'DELETE', path: '/items' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('HEAD, GET, POST');
    expect(json(res)).toEqual({ ok: false, status: 405, message: 'Method Not Allowed' });
  });
});

describe('a global catch-all filter and event invocations', () => {
  it('leaves an event failure a failure: the error reaches the caller', async () => {
    await expect(served.app.invoke('failing', { id: 'one' })).rejects.toThrow('job one fails');
  });
});

const PUBLIC_HELLO = readFileSync(join(APP, 'public', 'hello.txt'), 'utf8');

describe('static files with koa-static, from the folder the app declares as assets', () => {
  it('serves them in server mode', async () => {
    const res = await fetch(`${served.url}/hello.txt`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(PUBLIC_HELLO);
    expect((await fetch(`${served.url}/css/site.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect(await (await fetch(`${served.url}/items/greeting`)).json()).toEqual({ text: PUBLIC_HELLO.trim() });
  });
});

/** Runs a function folder's `serve()` (what its container image runs) on an ephemeral port and says which. */
const SERVE = `require('./index.js').serve(0).then((server) => {
  const say = () => console.log('listening on ' + server.address().port);
  if (server.listening) say(); else server.once('listening', say);
});
`;

describe('a built artifact of an ES module app', () => {
  const temp = mkdtempSync(join(tmpdir(), 'wick-koa-filters-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  /** `wick build --platform aws` of the app reached at `appDir`, into `out`. */
  function build(appDir: string, out: string): void {
    const result = spawnSync(process.execPath, [CLI, 'build', appDir, '--platform', 'aws', '--out', out], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`wick build failed:\n${result.stderr}`);
  }

  /** A GET through the isolated artifact, as Lambda calls it with an HTTP API event. */
  function get(functionDir: string, path: string): { statusCode: number; body: string; isBase64Encoded?: boolean; headers?: Record<string, string> } {
    const dir = isolate(functionDir);
    try {
      return invokeArtifact(dir, apiGatewayV2Event('apigw-v2-post-cookies-doc.json', { method: 'GET', path }), lambdaContext());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const text = (result: { body: string; isBase64Encoded?: boolean }) => Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8').toString('utf8');

  let out: string;
  beforeAll(() => {
    out = join(temp, 'out');
    build(APP, out);
  }, 60_000);

  it('carries the declared assets folder, in the function folder and in its zip', () => {
    expect(readFileSync(join(out, 'functions', 'itemsController', 'public', 'hello.txt'), 'utf8')).toBe(PUBLIC_HELLO);
    const zipped = unzipSync(readFileSync(join(out, 'artifacts', 'itemsController.zip')));
    expect(Buffer.from(zipped['public/hello.txt']).toString('utf8')).toBe(PUBLIC_HELLO);
    expect(Object.keys(zipped)).toContain('public/css/site.css');
    expect(existsSync(join(out, 'functions', 'failing', 'public', 'hello.txt'))).toBe(true);
  });

  it('serves a static file with koa-static as a function', () => {
    const result = get(join(out, 'functions', 'itemsController'), '/hello.txt');
    expect(result.statusCode).toBe(200);
    expect(text(result)).toBe(PUBLIC_HELLO);
  });

  it("serves a static file over real HTTP from the artifact's own serve()", async () => {
    const dir = isolate(join(out, 'functions', 'itemsController'));
    writeFileSync(join(dir, 'serve.cjs'), SERVE);
    const served = runCli([], { WICK_ENV: 'prod' }, join(dir, 'serve.cjs'));
    try {
      const [, port] = await served.waitFor(/listening on (\d+)/);
      const res = await fetch(`http://127.0.0.1:${port}/hello.txt`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(PUBLIC_HELLO);
    } finally {
      served.child.kill('SIGTERM');
      await served.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a file found from the module's import.meta.url as a function", () => {
    const result = get(join(out, 'functions', 'itemsController'), '/items/greeting');
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(text(result))).toEqual({ text: PUBLIC_HELLO.trim() });
  });

  it('gives import.meta.url its file beside the bundle when the app is reached through a symlink', () => {
    const link = join(temp, 'linked-app');
    symlinkSync(APP, link);
    // tsc looks for @types from the path it was given, the link's; esbuild reads files at their real path.
    symlinkSync(join(ROOT, 'node_modules'), join(temp, 'node_modules'));
    build(link, join(temp, 'linked-out'));
    const result = get(join(temp, 'linked-out', 'functions', 'itemsController'), '/items/greeting');
    expect(JSON.parse(text(result))).toEqual({ text: PUBLIC_HELLO.trim() });
  });
});
