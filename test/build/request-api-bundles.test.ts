import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, fixtureApp } from '../helpers/paths.js';
import { apiGatewayV2Event, fromResult, lambdaContext } from '../adapters/aws-lambda/platform.js';
import { type ConformanceRequest } from '../conformance/cases.js';
import { invokeArtifact, isolate } from './artifacts.js';

/** Strings only each library's code holds, to tell whether a bundle carries it. */
const BUSBOY = 'Boundary not found';
const KOA_SESSION = 'app instance required';

const out = mkdtempSync(join(tmpdir(), 'wick-request-api-'));
const templateOut = join(out, 'template');
const bundleOf = (dir: string, name: string) => readFileSync(join(dir, 'functions', name, 'index.js'), 'utf8');

function build(app: string, dir: string): void {
  const result = spawnSync(process.execPath, [CLI, 'build', app, '--platform', 'aws', '--minify', '--out', dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wick build failed:\n${result.stderr}`);
}

beforeAll(() => {
  build(fixtureApp('midway-params'), out);
  build(join(ROOT, 'app-template'), templateOut);
}, 180_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

function call(name: string, request: ConformanceRequest) {
  const dir = isolate(join(out, 'functions', name));
  try {
    return fromResult(invokeArtifact(dir, apiGatewayV2Event('apigw-v2-put-json-body.json', request), lambdaContext()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('bundles carry busboy and koa-session only where used', () => {
  it('busboy is only in the function with @Files/@Fields parameters', () => {
    expect(bundleOf(out, 'uploadController')).toContain(BUSBOY);
    for (const name of ['paramsController', 'sessionController', 'nestedController']) expect(bundleOf(out, name)).not.toContain(BUSBOY);
  });

  it('koa-session is in every bundle of an app whose config sets keys, and in none of the template, which sets none', () => {
    for (const name of ['paramsController', 'sessionController', 'uploadController', 'nestedController']) expect(bundleOf(out, name)).toContain(KOA_SESSION);
    for (const name of ['helloController', 'userController', 'stats']) {
      const bundle = bundleOf(templateOut, name);
      expect(bundle).not.toContain(KOA_SESSION);
      expect(bundle).not.toContain(BUSBOY);
    }
  });
});

describe('the built artifacts', () => {
  it('keep the session across two cold starts through the signed cookie', () => {
    const login = call('sessionController', {
      method: 'POST',
      path: '/session/login',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ user: 'ada' })),
    });
    expect(login.status).toBe(200);
    const pairs = (login.headers['set-cookie'] as string[]).map((line) => line.split(';')[0]);
    const cookies = Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
    const me = call('sessionController', { method: 'GET', path: '/session/me', cookies });
    expect(JSON.parse(me.body.toString())).toEqual({ user: 'ada', visits: 2 });
  });

  it('read a multipart body and run pipes, a DI @Pipe included', () => {
    const boundary = 'artifact';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nbuilt\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="me.png"\r\nContent-Type: image/png\r\n\r\npng-bytes\r\n--${boundary}--\r\n`,
    );
    const upload = call('uploadController', { method: 'POST', path: '/upload', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(JSON.parse(upload.body.toString())).toMatchObject({ fields: { title: 'built' }, files: [{ filename: 'me.png', text: 'png-bytes' }] });

    const piped = call('paramsController', { method: 'GET', path: '/params/pipes', query: { ratio: '2', flag: 'true', name: 'ada' } });
    expect(JSON.parse(piped.body.toString())).toEqual({ page: 1, ratio: 2, flag: true, name: 'ada! (query parameter "name" of pipes, String)' });
  });
});
