import { describeConformance, type ConformanceTarget } from '../conformance/harness.js';
import { sendOverHttp } from '../conformance/targets.js';
import { ECOSYSTEM_CASES } from '../ecosystem/cases.js';
import { buildFixture, removeDir, startHost } from './helpers.js';

/** The koa-ecosystem fixture built for the host and served by `wick host`, spoken to over real HTTP with fetch. */
async function hostTarget(): Promise<ConformanceTarget> {
  const out = buildFixture('koa-ecosystem');
  const host = await startHost(out);
  return {
    send: (request) => sendOverHttp(host.url, request),
    async close() {
      await host.stop();
      removeDir(out);
    },
  };
}

describeConformance('koa ecosystem, wick host (built artifacts, real processes, real HTTP)', hostTarget, ECOSYSTEM_CASES);
