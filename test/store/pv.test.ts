import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createFunctionApp } from 'wick/testing';
import { CLI, ROOT } from '../helpers/paths.js';
import { eventually, getJson, removeDir, startHost, type HostProcess } from '../host/helpers.js';
import { type ConformanceRequest, type ConformanceResponse } from '../conformance/cases.js';
import { apiGatewayV2Event, fromResult as fromAws } from '../adapters/aws-lambda/platform.js';
import { asBuffer, fromResult as fromAliyun, httpTriggerEvent } from '../adapters/aliyun-fc/platform.js';
import { apiGatewayEvent, fromResult as fromTencent } from '../adapters/tencent-scf/platform.js';

// The app-template's GET /pv: a page-view counter in the store's embedded default (SQLite), built for wick host.
const template = join(ROOT, 'app-template');
const INSTANCES = 5;
const REQUESTS = 200;
let out: string;
let host: HostProcess | undefined;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'wick-pv-'));
  const result = spawnSync(process.execPath, [CLI, 'build', template, '--platform', 'host', '--out', out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wick build failed:\n${result.stderr}`);
  // Five instances, started at boot and never more: every request lands on one of them.
  const manifestFile = join(out, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  Object.assign(manifest.functions.find((fn: { name: string }) => fn.name === 'pvController'), { minInstances: INSTANCES, maxInstances: INSTANCES });
  writeFileSync(manifestFile, JSON.stringify(manifest));
}, 120_000);
afterAll(async () => {
  await host?.stop();
  removeDir(out);
});

const bundle = (name: string) => readFileSync(join(out, 'functions', name, 'index.js'), 'utf8');

async function hostWithInstancesReady(): Promise<HostProcess> {
  const started = await startHost(out, '--queue-size', String(REQUESTS));
  await eventually(async () => (await started.fn('pvController')).instances.filter((instance) => instance.state === 'idle').length === INSTANCES, 30_000, `${INSTANCES} idle pv instances`);
  return started;
}

describe('GET /pv: a counter kept in the store', () => {
  it('is bundled with only the store driver the config chooses, and better-sqlite3 beside it; hello carries none of the store', () => {
    const pv = bundle('pvController');
    expect(pv).toContain('WICK_ERR_STORE_NOT_INTEGER');
    expect(pv).toContain('the store driver redis is not in this bundle');
    expect(pv).not.toContain('defineCommand');
    expect(existsSync(join(out, 'functions', 'pvController', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(out, 'functions', 'pvController', 'node_modules', 'bindings', 'bindings.js'))).toBe(true);
    const hello = bundle('helloController');
    expect(hello).not.toContain('WICK_ERR_STORE');
    expect(hello).not.toContain('better-sqlite3');
    expect(existsSync(join(out, 'functions', 'helloController', 'node_modules'))).toBe(false);
  });

  it(`counts ${REQUESTS} concurrent requests on ${INSTANCES} wick host instances exactly, and goes on after a restart`, async () => {
    host = await hostWithInstancesReady();
    const answers = await Promise.all(Array.from({ length: REQUESTS }, () => getJson(`${host!.url}/pv`)));
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    // Every increment seen once: no two requests read the same count, none was lost.
    expect(answers.map((answer) => answer.body.pv).sort((a, b) => a - b)).toEqual(Array.from({ length: REQUESTS }, (_, i) => i + 1));
    const status = await host.fn('pvController');
    expect(status.instances).toHaveLength(INSTANCES);
    expect(status.instances.reduce((sum, instance) => sum + instance.invocations, 0)).toBe(REQUESTS);
    expect(status.instances.filter((instance) => instance.invocations > 0).length).toBeGreaterThan(1);
    expect(await host.stop()).toBe(0);

    host = await hostWithInstancesReady();
    expect((await getJson(`${host.url}/pv`)).body).toEqual({ pv: REQUESTS + 1 });
    expect(await host.stop()).toBe(0);
    host = undefined;
    expect(existsSync(join(out, 'store.sqlite'))).toBe(true);
  }, 120_000);

  it('counts on in server mode and through each adapter, on the same file', async () => {
    const app = await createFunctionApp(template, { config: { store: { driver: 'sqlite', path: join(out, 'store.sqlite') } } });
    const request: ConformanceRequest = { method: 'GET', path: '/pv', headers: {} };
    const countOf = (response: ConformanceResponse) => JSON.parse(response.body.toString()).pv;
    try {
      const server = await app.invoke('pvController', request);
      const aws = fromAws(await app.invoke('pvController', apiGatewayV2Event('apigw-v2-put-json-body.json', request), { platform: 'aws' }));
      const aliyun = fromAliyun(await app.invoke('pvController', asBuffer(httpTriggerEvent(request)), { platform: 'aliyun' }));
      const tencent = fromTencent(await app.invoke('pvController', apiGatewayEvent(request), { platform: 'tencent' }));
      expect([server, aws, aliyun, tencent].map((response) => response.status)).toEqual([200, 200, 200, 200]);
      expect([server, aws, aliyun, tencent].map(countOf)).toEqual([REQUESTS + 2, REQUESTS + 3, REQUESTS + 4, REQUESTS + 5]);
    } finally {
      await close(app);
    }
  });
});
