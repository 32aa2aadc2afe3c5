import { describeConformance, type ConformanceTarget } from '../conformance/harness.js';
import { sendOverHttp } from '../conformance/targets.js';
import { buildFixture, removeDir, startHost } from './helpers.js';

/**
 * The conformance app built for the host, served by `wick host` as real processes, spoken to over real HTTP
 * with fetch: every case goes gateway → API Gateway v2 event → Runtime API → instance → result → response.
 */
async function hostTarget(): Promise<ConformanceTarget> {
  const out = buildFixture('conformance');
  const host = await startHost(out);
  return {
    send: (request) => sendOverHttp(host.url, request),
    async close() {
      await host.stop();
      removeDir(out);
    },
  };
}

describeConformance('wick host (built artifacts, real processes, real HTTP)', hostTarget);
