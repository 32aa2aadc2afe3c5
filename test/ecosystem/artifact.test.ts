import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, fixtureApp } from '../helpers/paths.js';
import { apiGatewayV2Event, fromResult, lambdaContext } from '../adapters/aws-lambda/platform.js';
import { describeConformance, type ConformanceTarget } from '../conformance/harness.js';
import { invokeArtifact, isolate } from '../build/artifacts.js';
import { ECOSYSTEM_CASES } from './cases.js';

/**
 * The fixture built for AWS (minified, as deployed), its controller's artifact copied where no node_modules is in
 * reach, and each request an HTTP API 2.0 event handed to the bundle's handler in a fresh Node process.
 */
async function artifactTarget(): Promise<ConformanceTarget> {
  const out = mkdtempSync(join(tmpdir(), 'wick-ecosystem-'));
  const build = spawnSync(process.execPath, [CLI, 'build', fixtureApp('koa-ecosystem'), '--platform', 'aws', '--minify', '--out', out], { encoding: 'utf8' });
  if (build.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`wick build failed:\n${build.stderr}`);
  }
  const dir = isolate(join(out, 'functions', 'ecosystemController'));
  return {
    send: async (request) => fromResult(invokeArtifact(dir, apiGatewayV2Event('apigw-v2-post-cookies-doc.json', request), lambdaContext())),
    async close() {
      rmSync(out, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeConformance('koa ecosystem, a built AWS artifact (HTTP API 2.0 events, fresh process each)', artifactTarget, ECOSYSTEM_CASES);
