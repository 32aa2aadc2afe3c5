import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { CLI, ROOT } from '../helpers/paths.js';
import { type ConformanceRequest, type ConformanceResponse } from '../conformance/cases.js';
import { apiGatewayV2Event, fromResult as fromAws, lambdaContext } from '../adapters/aws-lambda/platform.js';
import { asBuffer, fcContext, fromResult as fromAliyun, httpTriggerEvent } from '../adapters/aliyun-fc/platform.js';
import { apiGatewayEvent, fromResult as fromTencent, scfContext } from '../adapters/tencent-scf/platform.js';
import { invokeArtifact, isolate } from './artifacts.js';
import { cloudFormationErrors } from './descriptors/validators/cloudformation.js';
import { FC3_SCHEMA, serverlessDevsErrors } from './descriptors/validators/serverless-devs.js';
import { KNATIVE_CRD, knativeErrors } from './descriptors/validators/knative.js';
import { tencentErrors } from './descriptors/validators/tencent.js';

const template = join(ROOT, 'app-template');
const out = mkdtempSync(join(tmpdir(), 'wick-build-'));
const FUNCTIONS = ['avatarFunction-uploaded', 'helloController', 'pvController', 'reportFunction-hourly', 'stats', 'userController'];

let buildLog = '';
beforeAll(() => {
  // No flags: the default build is production output, and the sizes below are its.
  const result = spawnSync(process.execPath, [CLI, 'build', template, '--platform', 'all', '--out', out], { encoding: 'utf8' });
  buildLog = result.stderr;
  if (result.status !== 0) throw new Error(`wick build failed:\n${result.stderr}`);
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** What each platform offers newest today: the default runtime (README "Building per-function artifacts"). */
const NEWEST_RUNTIME: Record<string, string> = { aws: 'nodejs24.x', aliyun: 'nodejs20', tencent: 'Nodejs20.15' };

/** A comment esbuild writes into readable output only. */
const READABLE_ONLY = '// Annotate the CommonJS export names';

const manifestOf = (platform: string) => JSON.parse(readFileSync(join(out, platform, 'manifest.json'), 'utf8'));
const bundleOf = (platform: string, name: string) => readFileSync(join(out, platform, 'functions', name, 'index.js'), 'utf8');

interface Platform {
  name: string;
  event(request: ConformanceRequest): unknown;
  context(): unknown;
  read(result: unknown): ConformanceResponse;
}

const PLATFORMS: Platform[] = [
  { name: 'aws', event: (request) => apiGatewayV2Event('apigw-v2-put-json-body.json', request), context: () => lambdaContext(), read: fromAws },
  { name: 'aliyun', event: (request) => asBuffer(httpTriggerEvent(request)), context: () => fcContext(), read: fromAliyun },
  { name: 'tencent', event: (request) => apiGatewayEvent(request), context: () => scfContext(), read: fromTencent },
];

describe('wick build', () => {
  it('reports progress and a table with sizes and init times', () => {
    expect(buildLog).toContain('compiling with tsc');
    expect(buildLog).toMatch(/\[aws\] bundling helloController \(\d\/6\)/);
    expect(buildLog).toMatch(/FUNCTION\s+TRIGGERS\s+BUNDLE KB\s+ZIP KB\s+INIT MS/);
    expect(buildLog).toMatch(/built in \d+\.\d s/);
  });

  it.each(['aws', 'aliyun', 'tencent'])('writes an artifact, a zip and a manifest entry for every function (%s)', (platform) => {
    const manifest = manifestOf(platform);
    expect(manifest).toMatchObject({ schemaVersion: 1, platform, runtime: NEWEST_RUNTIME[platform], app: 'wick-app', aggregate: false });
    expect(manifest.functions.map((fn: { name: string }) => fn.name).sort()).toEqual(FUNCTIONS);
    for (const fn of manifest.functions) {
      const entry = join(out, platform, fn.entry);
      const zip = readFileSync(join(out, platform, fn.artifact));
      expect(fn.handler).toBe('index.handler');
      expect(JSON.parse(readFileSync(join(out, platform, 'functions', fn.name, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
      expect(fn.bundleBytes).toBe(statSync(entry).size);
      expect(fn.zipBytes).toBe(zip.length);
      expect(fn.sha256).toBe(createHash('sha256').update(zip).digest('hex'));
      expect(fn.initMs).toBeGreaterThan(0);
    }
    const stats = manifest.functions.find((fn: { name: string }) => fn.name === 'stats');
    expect(stats).toMatchObject({ memorySize: 128, timeout: 3, concurrency: 1, minInstances: 0, maxInstances: 10, idleTimeout: 60 });
    expect(stats.triggers).toEqual([{ type: 'http', options: { path: '/api/stats', method: 'get' } }]);
  });

  it('keeps the hello artifact under 250 KB, with nothing from the users controller or class-validator', () => {
    for (const { name: platform } of PLATFORMS) {
      const hello = bundleOf(platform, 'helloController');
      expect(Buffer.byteLength(hello)).toBeLessThan(250_000);
      expect(hello).not.toContain('UserController');
      expect(hello).not.toMatch(/whitelistValidation|isEmail|libphonenumber/);
      expect(manifestOf(platform).functions.find((fn: { name: string }) => fn.name === 'helloController').validates).toBe(false);
    }
    const users = bundleOf('aws', 'userController');
    expect(users).toContain('UserController');
    expect(users).toContain('whitelistValidation');
  });

  it('keeps only the validators its DTO uses in a validated function', () => {
    const users = bundleOf('aws', 'userController');
    expect(users).toContain('isEmail');
    expect(users).not.toMatch(/libphonenumber|isCreditCard|isIBAN/);
    expect(Buffer.byteLength(users)).toBeLessThan(400_000);
  });

  it('answers a JSON response on a cold start without loading undici (the fetch globals Koa asks about), node:assert or fs streams', () => {
    const dir = isolate(join(out, 'aws', 'functions', 'helloController'));
    const event = apiGatewayV2Event('apigw-v2-put-json-body.json', { method: 'GET', path: '/hello', query: { name: 'ada' } });
    const probe = `require('./index.js').handler(${JSON.stringify(event)}, ${JSON.stringify(lambdaContext())}).then((result) =>
      process.stdout.write('@@' + JSON.stringify({ status: result.statusCode, loaded: ['internal/deps/undici/undici', 'assert', 'internal/fs/streams'].filter((name) => process.moduleLoadList.includes('NativeModule ' + name)) })));`;
    const result = spawnSync(process.execPath, ['-e', probe], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, WICK_ENV: 'prod' } });
    rmSync(dir, { recursive: true, force: true });
    expect(JSON.parse(result.stdout.split('@@').pop()!)).toEqual({ status: 200, loaded: [] });
  });

  it('writes production output by default: minified bundles, each with its source map beside it and in its zip', () => {
    for (const fn of manifestOf('aws').functions) {
      const code = readFileSync(join(out, 'aws', fn.entry), 'utf8');
      expect(code, fn.name).not.toContain(READABLE_ONLY);
      expect(code).toMatch(/\n\/\/# sourceMappingURL=index\.js\.map\n$/);
      const map = readFileSync(join(out, 'aws', 'functions', fn.name, 'index.js.map'));
      expect(JSON.parse(map.toString()).sources.some((source: string) => source.includes('app-template/src/'))).toBe(true);
      expect(Buffer.from(unzipSync(readFileSync(join(out, 'aws', fn.artifact)))['index.js.map']).equals(map)).toBe(true);
    }
  });

  it('leaves the AWS SDK out of AWS bundles and loads nothing from the file system at cold start', () => {
    const hello = bundleOf('aws', 'helloController');
    expect(hello).not.toMatch(/readdirSync|@aws-sdk\/client/);
  });
});

describe('artifacts run from a bare folder and answer like server mode', () => {
  let server: Awaited<ReturnType<typeof createApp>>;
  beforeAll(async () => {
    server = await createApp(template, { env: 'prod', config: { accessLog: { enable: false } } });
  });
  afterAll(() => close(server));

  async function serverAnswer(request: ConformanceRequest) {
    const res = await createHttpRequest(server)[request.method.toLowerCase() as 'get'](request.path).query(request.query ?? {}).set(request.headers ?? {}).send(request.body?.toString());
    return { status: res.status, body: res.text };
  }

  const REQUESTS: [string, ConformanceRequest][] = [
    ['helloController', { method: 'GET', path: '/hello', query: { name: 'ada' } }],
    ['stats', { method: 'GET', path: '/api/stats' }],
    ['userController', { method: 'GET', path: '/users/1' }],
    ['userController', { method: 'POST', path: '/users', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"name":"","age":300}') }],
    ['userController', { method: 'DELETE', path: '/users/1' }],
  ];

  it.each(PLATFORMS.flatMap((platform) => REQUESTS.map(([fn, request]) => [platform.name, fn, `${request.method} ${request.path}`, platform, request] as const)))(
    '%s %s: %s',
    async (_platform, fn, _label, platform, request) => {
      const dir = isolate(join(out, platform.name, 'functions', fn));
      expect(existsSync(join(dir, 'node_modules'))).toBe(false);
      const answer = platform.read(invokeArtifact(dir, platform.event({ ...request, headers: { 'x-request-id': 'rid-build', ...request.headers } }), platform.context()));
      const expected = await serverAnswer({ ...request, headers: { 'x-request-id': 'rid-build', ...request.headers } });
      expect(answer.status).toBe(expected.status);
      expect(answer.body.toString()).toBe(expected.body);
      rmSync(dir, { recursive: true, force: true });
    },
    30_000,
  );

  it('resolves constructor injection and @Inject() by type inside a bundle (decorator metadata survived)', () => {
    const dir = isolate(join(out, 'aws', 'functions', 'stats'));
    const result = invokeArtifact(dir, apiGatewayV2Event('apigw-v2-put-json-body.json', { method: 'GET', path: '/api/stats' }), lambdaContext());
    expect(JSON.parse(result.body)).toEqual({ users: 1, withAvatar: 0 });
    const avatar = isolate(join(out, 'aws', 'functions', 'avatarFunction-uploaded'));
    const s3 = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/events/aws/s3-put-doc.json'), 'utf8'));
    s3.Records[0].s3.object.key = 'avatars/1/me.png';
    expect(invokeArtifact(avatar, s3, lambdaContext())).toEqual({ updated: [1] });
    for (const folder of [dir, avatar]) rmSync(folder, { recursive: true, force: true });
  });
});

describe('deploy descriptors of the template', () => {
  it("writes a SAM template that passes the SAM schema, CloudFormation's resource specification and the Lambda rules", () => {
    const template = parseYaml(readFileSync(join(out, 'aws', 'template.yaml'), 'utf8'));
    expect(cloudFormationErrors(template)).toEqual([]);
    const functions = Object.values(template.Resources).filter((resource: any) => resource.Type === 'AWS::Serverless::Function');
    expect(functions).toHaveLength(FUNCTIONS.length);
  });

  it("writes a serverless.yml that passes serverless-tencent-scf's rules", () => {
    expect(tencentErrors(parseYaml(readFileSync(join(out, 'tencent', 'serverless.yml'), 'utf8')))).toEqual([]);
  });

  it.skipIf(!FC3_SCHEMA)("writes an s.yaml that passes fc3's schema", () => {
    expect(serverlessDevsErrors(parseYaml(readFileSync(join(out, 'aliyun', 's.yaml'), 'utf8')))).toEqual([]);
  });

  it.skipIf(!KNATIVE_CRD)("writes Knative services that pass the Service CRD's schema", () => {
    for (const name of ['helloController', 'userController', 'stats']) {
      expect(knativeErrors(parseYaml(readFileSync(join(out, 'aws', 'knative', name, 'service.yaml'), 'utf8'))), name).toEqual([]);
    }
  });

  it('writes s.yaml, serverless.yml and Knative services that parse and name every function', () => {
    const sYaml = readFileSync(join(out, 'aliyun', 's.yaml'), 'utf8');
    const serverless = readFileSync(join(out, 'tencent', 'serverless.yml'), 'utf8');
    for (const text of [sYaml, serverless]) {
      parseYaml(text);
      for (const name of FUNCTIONS) expect(text).toContain(name);
    }
    for (const name of ['helloController', 'userController', 'stats']) {
      const service = parseYaml(readFileSync(join(out, 'aws', 'knative', name, 'service.yaml'), 'utf8'));
      expect(service).toMatchObject({ apiVersion: 'serving.knative.dev/v1', kind: 'Service' });
      expect(readFileSync(join(out, 'aws', 'knative', name, 'Dockerfile'), 'utf8')).toContain(`functions/${name}`);
    }
  });
});

describe('wick build --aggregate', () => {
  const aggregateOut = mkdtempSync(join(tmpdir(), 'wick-aggregate-'));
  afterAll(() => rmSync(aggregateOut, { recursive: true, force: true }));

  it('puts every HTTP-only function in one artifact with an internal router, with a sourcemap and the runtime asked for', () => {
    const args = [CLI, 'build', template, '--platform', 'aws', '--aggregate', '--sourcemap', '--runtime', 'nodejs22.x', '--out', aggregateOut];
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(aggregateOut, 'manifest.json'), 'utf8'));
    expect(manifest.runtime).toBe('nodejs22.x');
    expect(readFileSync(join(aggregateOut, 'template.yaml'), 'utf8')).toMatch(/Runtime: nodejs22\.x/);
    expect(readFileSync(join(aggregateOut, 'knative', 'app', 'Dockerfile'), 'utf8')).toContain('FROM node:22-slim');
    const app = manifest.functions.find((fn: { name: string }) => fn.name === 'app');
    expect(app.serves.sort()).toEqual(['helloController', 'pvController', 'stats', 'userController']);
    expect(manifest.functions.map((fn: { name: string }) => fn.name).sort()).toEqual(['app', 'avatarFunction-uploaded', 'reportFunction-hourly']);
    expect(app).toMatchObject({ memorySize: 128, timeout: 3, concurrency: 1, minInstances: 0, maxInstances: 10, idleTimeout: 60 });
    const map = JSON.parse(readFileSync(join(aggregateOut, 'functions', 'app', 'index.js.map'), 'utf8'));
    expect(map.sources.some((source: string) => source.endsWith('app-template/src/controller/hello.ts'))).toBe(true);
    expect(readFileSync(join(aggregateOut, 'functions', 'app', 'index.js'), 'utf8')).toMatch(/sourceMappingURL=index\.js\.map/);
    const dir = isolate(join(aggregateOut, 'functions', 'app'));
    for (const [path, expected] of [['/hello', { message: 'hello world' }], ['/api/stats', { users: 1, withAvatar: 0 }]] as const) {
      const answer = invokeArtifact(dir, apiGatewayV2Event('apigw-v2-put-json-body.json', { method: 'GET', path }), lambdaContext());
      expect(JSON.parse(answer.body)).toEqual(expected);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

describe('wick build --no-minify --no-sourcemap', () => {
  it('writes readable bundles with no source map', () => {
    const readable = mkdtempSync(join(tmpdir(), 'wick-readable-'));
    try {
      const result = spawnSync(process.execPath, [CLI, 'build', template, '--platform', 'aws', '--no-minify', '--no-sourcemap', '--out', readable], { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      const dir = join(readable, 'functions', 'helloController');
      const code = readFileSync(join(dir, 'index.js'), 'utf8');
      expect(code).toContain('var HelloController = class');
      expect(code).toContain(READABLE_ONLY);
      expect(code).not.toContain('sourceMappingURL');
      expect(existsSync(join(dir, 'index.js.map'))).toBe(false);
      expect(Object.keys(unzipSync(readFileSync(join(readable, 'artifacts', 'helloController.zip')))).sort()).toEqual(['index.js', 'package.json']);
    } finally {
      rmSync(readable, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('wick build --runtime', () => {
  it('fails, naming the choices, for a runtime the platform does not offer, and writes nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'wick-runtime-'));
    try {
      const result = spawnSync(process.execPath, [CLI, 'build', template, '--platform', 'aliyun', '--runtime', 'nodejs22', '--out', out], { encoding: 'utf8' });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('aliyun offers no Node.js runtime "nodejs22": choose nodejs20');
      expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
