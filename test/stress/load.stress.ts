import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type HostProcess } from '../host/helpers.js';
import { runLoad, startHostTarget, startServerTarget, useLoadBuild, watchPeakRss, type LoadResult, type LoadTarget, type PeakRss } from '../helpers/load.js';
import { alive, descendants } from '../helpers/process.js';
import { recordRow } from './rows.js';

const CONNECTIONS = 200;
/** Requests per scenario, sized to end well inside the 30 s cap on 2 shared cores; the run stops at the cap anyway. */
const AMOUNT = 10_000;
const CAP_SECONDS = 30;
/** A request unanswered this long counts as lost (autocannon's default). */
const TIMEOUT_SECONDS = 10;
const IDLE_TIMEOUT_S = 2;

/**
 * Memory bounds. Server mode: the one process. The host: its own process, and with everything below it at most
 * that plus one memorySize (128 MB, which the host enforces on each instance) per instance the function may have
 * (maxInstances) and per runtime pool process (2).
 */
const PROCESS_BOUND_MB = 300;
const MEMORY_SIZE_MB = 128;
const RUNTIME_POOL = 2;
const MAX_INSTANCES: Record<string, number> = { '/hello': 10, '/work': 4 };

interface Measured {
  result: LoadResult;
  peak: PeakRss;
}

async function measureLoad(target: LoadTarget, path: string): Promise<Measured> {
  const rss = watchPeakRss(target.cli.child.pid!);
  const result = await runLoad(`${target.url}${path}`, { connections: CONNECTIONS, amount: AMOUNT, timeoutSeconds: TIMEOUT_SECONDS, capSeconds: CAP_SECONDS }).catch((err: Error) => {
    rss.stop();
    throw err;
  });
  return { result, peak: rss.stop() };
}

function loadNotes({ result, peak }: Measured): string[] {
  return [
    `${CONNECTIONS} connections, ${result.seconds} s${result.capped ? ' (stopped at the cap)' : ''}`,
    `p50 ${result.p50Ms} ms`,
    `errors ${result.errors}, timeouts ${result.timeouts}, resets ${result.resets}`,
    `process ${peak.ownMb} MB`,
  ];
}

/** Every request answered, with only the statuses allowed, by a process still running. */
function expectAllAnswered(target: LoadTarget, { result }: Measured, allowed: number[]): void {
  expect(result.capped, 'stopped at the time cap').toBe(false);
  expect({ errors: result.errors, timeouts: result.timeouts }).toEqual({ errors: 0, timeouts: 0 });
  expect(result.answered).toBe(AMOUNT);
  expect(Object.keys(result.statuses).map(Number).filter((status) => !allowed.includes(status))).toEqual([]);
  expect(target.cli.child.exitCode, `${target.mode} exited under load`).toBeNull();
}

describe('load: server mode (wick start)', () => {
  let target: LoadTarget;
  beforeAll(async () => {
    target = await startServerTarget();
  });
  afterAll(() => target?.close());

  it.each(['/hello', '/work'])(`answers every one of ${AMOUNT} requests to %s over ${CONNECTIONS} connections, within its memory bound`, async (path) => {
    const measured = await measureLoad(target, path);
    recordRow({
      scenario: `load server ${path}`,
      requests: AMOUNT,
      statuses: measured.result.statuses,
      lost: measured.result.errors,
      p99Ms: measured.result.p99Ms,
      peakRssMb: measured.peak.totalMb,
      notes: [...loadNotes(measured), `bound ${PROCESS_BOUND_MB} MB`],
    });
    expectAllAnswered(target, measured, [200]);
    expect((await fetch(`${target.url}/hello`)).status).toBe(200);
    expect(measured.peak.totalMb).toBeLessThan(PROCESS_BOUND_MB);
  });
});

describe('load: wick host', () => {
  const build = useLoadBuild();
  let target: LoadTarget & { host: HostProcess };
  beforeAll(async () => {
    target = await startHostTarget(build.out, '--idle-timeout', `${IDLE_TIMEOUT_S}s`);
  });
  afterAll(() => target?.close());

  /** Waits for every function to scale to zero; then only the runtime pool may be left below the host. */
  async function reaped(): Promise<{ seconds: number; leftover: number[] }> {
    const since = Date.now();
    const status = await eventually(
      async () => {
        const now = await target.host.status();
        return Object.values(now.functions).every((fn) => fn.instances.length === 0) && now;
      },
      (IDLE_TIMEOUT_S + 15) * 1000,
      'every instance to be reaped',
    ).catch(() => undefined);
    const pool = new Set((status ?? (await target.host.status())).runtimePool.processes.flatMap((process) => process.pid ?? []));
    const leftover = descendants(target.cli.child.pid!).filter((pid) => !pool.has(pid) && alive(pid));
    return { seconds: status ? (Date.now() - since) / 1000 : NaN, leftover };
  }

  it.each(['/hello', '/work'])(
    `answers every one of ${AMOUNT} requests to %s over ${CONNECTIONS} connections (429 past maxInstances and the queue), within its memory bound, then reaps every instance`,
    async (path) => {
      const measured = await measureLoad(target, path);
      const stillUp = target.cli.child.exitCode === null && (await target.host.status().then(() => true, () => false));
      const reap = stillUp ? await reaped() : { seconds: NaN, leftover: [] };
      const bound = PROCESS_BOUND_MB + (MAX_INSTANCES[path] + RUNTIME_POOL) * MEMORY_SIZE_MB;
      recordRow({
        scenario: `load host ${path} (maxInstances ${MAX_INSTANCES[path]})`,
        requests: AMOUNT,
        statuses: measured.result.statuses,
        lost: measured.result.errors,
        p99Ms: measured.result.p99Ms,
        peakRssMb: measured.peak.totalMb,
        notes: [
          ...loadNotes(measured),
          `bound ${PROCESS_BOUND_MB} MB for the host, ${bound} MB with its instances`,
          Number.isNaN(reap.seconds) ? 'instances NOT reaped' : `all instances reaped ${reap.seconds.toFixed(1)} s after the load (idle timeout ${IDLE_TIMEOUT_S} s)`,
          ...(reap.leftover.length ? [`processes left below the host: ${reap.leftover.join(' ')}`] : []),
        ],
      });
      expect(stillUp, 'host still up and answering /-/status').toBe(true);
      expectAllAnswered(target, measured, [200, 429]);
      expect(measured.peak.ownMb).toBeLessThan(PROCESS_BOUND_MB);
      expect(measured.peak.totalMb).toBeLessThan(bound);
      expect(reap.seconds, 'every instance reaped').not.toBeNaN();
      expect(reap.leftover, 'processes below the host besides its runtime pool').toEqual([]);
    },
  );
});
