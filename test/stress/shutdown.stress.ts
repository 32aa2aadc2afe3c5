import { describe, expect, it } from 'vitest';
import { alive } from '../host/helpers.js';
import {
  requestAll,
  SERVER_DRAIN_MS,
  shutdownWithInFlight,
  startHostTarget,
  startServerTarget,
  STOP_SLACK_MS,
  useLoadBuild,
  useLoadTarget,
  watchPeakRss,
  type ShutdownResult,
} from '../helpers/load.js';
import { descendants } from '../helpers/process.js';
import { recordRow } from './rows.js';

// The long versions of test/shutdown.test.ts: 100 requests in flight at SIGTERM.
const IN_FLIGHT = 100;
/** The host's, set short so the deadline falls while requests still run and wait: they get 503. */
const HOST_DRAIN_MS = 2_000;
const target = useLoadTarget();

function record(scenario: string, result: ShutdownResult, peakRssMb: number, drainMs: number): void {
  recordRow({
    scenario,
    requests: IN_FLIGHT,
    statuses: result.statuses,
    lost: result.lost.length,
    peakRssMb,
    notes: [
      `exit ${result.exitCode} ${(result.exitMs / 1000).toFixed(1)} s after SIGTERM (drain bound ${drainMs / 1000} s + ${STOP_SLACK_MS / 1000} s)`,
      ...(result.lost.length ? [`lost: ${[...new Set(result.lost)].join(', ')}`] : []),
    ],
  });
}

describe(`SIGTERM with ${IN_FLIGHT} requests in flight`, () => {
  it('server mode finishes every one of them, then exits 0 within its drain bound', async () => {
    const server = (target.current = await startServerTarget());
    const rss = watchPeakRss(server.cli.child.pid!);
    const result = await shutdownWithInFlight(server, IN_FLIGHT, '/work?ms=1000');
    record('shutdown server', result, rss.stop().totalMb, SERVER_DRAIN_MS);
    expect(result).toMatchObject({ statuses: { 200: IN_FLIGHT }, lost: [], exitCode: 0 });
    expect(result.exitMs).toBeLessThan(SERVER_DRAIN_MS + STOP_SLACK_MS);
  });

  describe('wick host', () => {
    const build = useLoadBuild();

    it('finishes what it can before its drain deadline, answers the rest 503, exits 0 within the bound and leaves no process', async () => {
      const host = await startHostTarget(build.out, '--queue-size', String(IN_FLIGHT), '--drain-timeout', `${HOST_DRAIN_MS / 1000}s`);
      target.current = host;
      // 4 instances (maxInstances) of 1 s requests: 25 s of work for the 100, far past the 2 s drain deadline, and
      // long enough that none ends before all 100 have reached the host.
      expect((await requestAll(`${host.url}/work?ms=300`, 4)).statuses).toEqual({ 200: 4 });
      const pids = descendants(host.cli.child.pid!);
      const rss = watchPeakRss(host.cli.child.pid!);
      const result = await shutdownWithInFlight(host, IN_FLIGHT, '/work?ms=1000');
      record(`shutdown host (drain ${HOST_DRAIN_MS / 1000} s)`, result, rss.stop().totalMb, HOST_DRAIN_MS);
      expect(result.lost).toEqual([]);
      expect(Object.keys(result.statuses).sort()).toEqual(['200', '503']);
      expect(result.exitCode).toBe(0);
      expect(result.exitMs).toBeLessThan(HOST_DRAIN_MS + STOP_SLACK_MS);
      expect(pids.filter(alive), 'instances and runtime pool processes after the host exited').toEqual([]);
    });
  });
});
