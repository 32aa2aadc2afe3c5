import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { convertApp } from '../../src/cli/module-style.js';
import { CLI, fixtureApp, scratchCopy } from '../helpers/paths.js';
import { apiGatewayV2Event, fromResult, lambdaContext } from '../adapters/aws-lambda/platform.js';
import { invokeArtifact, isolate } from './artifacts.js';

/** The same Midway-shaped app twice: as written (CommonJS, Midway's tsconfig) and converted to ES modules. */
const cjsDir = scratchCopy(fixtureApp('cjs-shape'), 'wick-cjs-build-');
const esmDir = scratchCopy(fixtureApp('cjs-shape'), 'wick-esm-build-');
const cleanup: string[] = [cjsDir, esmDir];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function build(appDir: string): void {
  const result = spawnSync(process.execPath, [CLI, 'build', appDir, '--platform', 'aws', '--minify'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wick build failed:\n${result.stderr}`);
}

beforeAll(() => {
  convertApp(esmDir, 'esm');
  build(cjsDir);
  build(esmDir);
}, 120_000);

const functionDir = (appDir: string, name: string) => join(appDir, '.wick', 'functions', name);
const bundleBytes = (appDir: string, name: string) =>
  JSON.parse(readFileSync(join(appDir, '.wick', 'manifest.json'), 'utf8')).functions.find((fn: { name: string }) => fn.name === name).bundleBytes;

function getFromArtifact(name: string, path: string, query: Record<string, string> = {}, appDir = cjsDir) {
  const dir = isolate(functionDir(appDir, name));
  cleanup.push(dir);
  const answer = fromResult(invokeArtifact(dir, apiGatewayV2Event('apigw-v2-put-json-body.json', { method: 'GET', path, query }), lambdaContext()));
  return { status: answer.status, body: JSON.parse(answer.body.toString()) };
}

describe('wick build of a CommonJS app', () => {
  it.each(['quoteController', 'ratesFunction-convert'])('makes bundles as small as the ES module form of the same app (%s)', (name) => {
    const cjs = bundleBytes(cjsDir, name);
    const esm = bundleBytes(esmDir, name);
    expect(Math.abs(cjs - esm)).toBeLessThan(esm / 100);
    expect(cjs).toBeLessThan(250_000);
  });

  it('answers like server mode: config from importConfigs folders, constructor injection, number conversion, __dirname', async () => {
    const server = await createApp(cjsDir, { env: 'prod', config: { accessLog: { enable: false } } });
    try {
      const expected = await createHttpRequest(server).get('/quote').query({ amount: '3.456' });
      expect(getFromArtifact('quoteController', '/quote', { amount: '3.456' })).toEqual({ status: expected.status, body: expected.body });
    } finally {
      await close(server);
    }
    expect(getFromArtifact('quoteController', '/quote', { amount: '3.456' }).body).toEqual({
      current: { amount: 3.456, currency: 'EUR', by: 'PriceService' },
      legacy: { amount: 3.46, currency: 'XXX', by: 'PriceService' },
      amountType: 'number',
    });
    // The compiled file's own name and folder, as under `wick start`.
    expect(getFromArtifact('quoteController', '/quote/where').body).toEqual({ file: 'quote.js', folder: 'controller' });
    // The ES module form finds its importConfigs folder through import.meta.dirname, in the bundle too.
    expect(getFromArtifact('quoteController', '/quote', { amount: '3.456' }, esmDir)).toEqual(getFromArtifact('quoteController', '/quote', { amount: '3.456' }));
  });

  it("gives config functions Midway's appInfo (the package's name and version) in the artifact as in server mode", async () => {
    const server = await createApp(cjsDir, { env: 'prod', config: { accessLog: { enable: false } } });
    try {
      expect((await createHttpRequest(server).get('/quote/owner')).body).toEqual({ owner: 'cjs-shape@1.0.0' });
    } finally {
      await close(server);
    }
    expect(getFromArtifact('quoteController', '/quote/owner')).toEqual({ status: 200, body: { owner: 'cjs-shape@1.0.0' } });
  });

  it('keeps the own name of each of two same-named classes in one bundle', () => {
    // Both PriceService classes share the quote bundle; esbuild renames one, minification renames both.
    const { current, legacy } = getFromArtifact('quoteController', '/quote', { amount: '1' }).body;
    expect([current.by, legacy.by]).toEqual(['PriceService', 'PriceService']);
  });

  it("logs wick's error classes under their own names, not the minified ones", () => {
    const dir = isolate(functionDir(cjsDir, 'quoteController'));
    cleanup.push(dir);
    const event = apiGatewayV2Event('apigw-v2-put-json-body.json', { method: 'GET', path: '/quote/closed' });
    const run = spawnSync(process.execPath, [join(dir, 'run.cjs'), join(dir, 'index.js'), JSON.stringify([event, lambdaContext()])], {
      cwd: dir, env: { PATH: process.env.PATH, WICK_ENV: 'prod' }, encoding: 'utf8',
    });
    const logged = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    const failure = logged.find((entry) => entry.level === 'error');
    expect(failure.err).toMatchObject({ type: 'HttpError', message: 'the shop is closed' });
    expect(failure.err.stack).toMatch(/^HttpError: the shop is closed/);
  });

  it('runs an event function with the payload and the injected service', () => {
    const dir = isolate(functionDir(cjsDir, 'ratesFunction-convert'));
    cleanup.push(dir);
    expect(invokeArtifact(dir, { amount: 2 }, lambdaContext())).toEqual({ amount: 2, currency: 'EUR', by: 'PriceService' });
  });
});
