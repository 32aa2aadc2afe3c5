import { describe, expect, it } from 'vitest';
import { alive } from './host/helpers.js';
import { requestAll, SERVER_DRAIN_MS, shutdownWithInFlight, startHostTarget, startServerTarget, STOP_SLACK_MS, useLoadBuild, useLoadTarget } from './helpers/load.js';
import { descendants } from './helpers/process.js';

// The short versions: 20 requests in flight. test/stress/shutdown.stress.ts runs 100 (npm run test:stress).
const IN_FLIGHT = 20;
/** The host's --drain-timeout default. */
const HOST_DRAIN_MS = 10_000;
const target = useLoadTarget();

describe('SIGTERM with requests in flight', () => {
  it(`server mode finishes all ${IN_FLIGHT} in-flight requests, then exits 0 within its drain bound`, async () => {
    const server = (target.current = await startServerTarget());
    const result = await shutdownWithInFlight(server, IN_FLIGHT, '/work?ms=500');
    expect(result).toMatchObject({ statuses: { 200: IN_FLIGHT }, lost: [], exitCode: 0 });
    expect(result.exitMs).toBeLessThan(SERVER_DRAIN_MS + STOP_SLACK_MS);
  });

  describe('wick host', () => {
    const build = useLoadBuild();

    it(`finishes all ${IN_FLIGHT} requests running or queued at maxInstances, exits 0 within its drain bound and leaves no process`, async () => {
      const host = await startHostTarget(build.out, '--queue-size', String(IN_FLIGHT));
      target.current = host;
      // The 4 instances of `work` are started first, so the requests run or queue rather than wait for cold starts;
      // 500 ms each, so none ends before all have reached the host, and 2.5 s for the 20, well inside the drain.
      expect((await requestAll(`${host.url}/work?ms=300`, 4)).statuses).toEqual({ 200: 4 });
      const pids = descendants(host.cli.child.pid!);
      const result = await shutdownWithInFlight(host, IN_FLIGHT, '/work?ms=500');
      expect(result).toMatchObject({ statuses: { 200: IN_FLIGHT }, lost: [], exitCode: 0 });
      expect(result.exitMs).toBeLessThan(HOST_DRAIN_MS + STOP_SLACK_MS);
      expect(host.cli.output()).toContain('[host] stopped');
      expect(pids.filter(alive), 'instances and runtime pool processes after the host exited').toEqual([]);
    });
  });
});
