import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { buildFixture, eventually, removeDir, startHost, type HostProcess } from '../host/helpers.js';
import { fixtureApp, scratchCopy } from './paths.js';
import { descendants, runCli, type CliProcess } from './process.js';

/**
 * The load and shutdown tests' app (test/fixtures/apps/load): `hello` at /hello, and `work` at /work, which waits
 * 50 ms (or `?ms=`) on at most 4 instances of one request each; /running counts the `work` requests of a process.
 */
const LOAD_APP = 'load';
const LOAD_CLIENT = fileURLToPath(new URL('./load-client.mjs', import.meta.url));

/** A Wick process serving the load app, `wick start` (server mode) or `wick host`, as a real child process. */
export interface LoadTarget {
  mode: 'server' | 'host';
  url: string;
  cli: CliProcess;
  /** `work` requests the target holds now: running, and for the host waiting in its queue too. */
  held(): Promise<number>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. Safe to call on a process already gone. */
  stop(graceMs?: number): Promise<number | null>;
  /** Stops it if it still runs and removes its build. */
  close(): Promise<void>;
}

/** How long server mode lets in-flight requests finish on SIGTERM (its shutdown timeout). */
export const SERVER_DRAIN_MS = 10_000;
/** What a stop may take past its drain: the host gives each instance 2 s between SIGTERM and SIGKILL. */
export const STOP_SLACK_MS = 3_000;

/** Holds the target the calling file's current test starts: closed after each test, whatever the test did. */
export function useLoadTarget(): { current?: LoadTarget } {
  const slot: { current?: LoadTarget } = {};
  afterEach(async () => {
    await slot.current?.close();
    slot.current = undefined;
  });
  return slot;
}

async function stopChild(cli: CliProcess, graceMs: number): Promise<number | null> {
  const { child } = cli;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await cli.exited;
  clearTimeout(timer);
  return code;
}

/** `wick start --build` (env prod) of a scratch copy of the load app on a free port. */
export async function startServerTarget(...args: string[]): Promise<LoadTarget> {
  const dir = scratchCopy(fixtureApp(LOAD_APP), 'wick-load-');
  const cli = runCli(['start', dir, '--build', '--port', '0', ...args], { WICK_ENV: 'prod' });
  const stop = (graceMs = 15_000) => stopChild(cli, graceMs);
  let url: string;
  try {
    [, url] = await cli.waitFor(/server ready at (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
  } catch (err) {
    await stop(0);
    removeDir(dir);
    throw err;
  }
  return {
    mode: 'server',
    url,
    cli,
    held: async () => ((await (await fetch(`${url}/running`)).json()) as { running: number }).running,
    stop,
    async close() {
      await stop(0);
      removeDir(dir);
    },
  };
}

/** The load app built for the host once for the calling file or suite (before its tests), removed after them. */
export function useLoadBuild(): { out: string } {
  const build = { out: '' };
  beforeAll(() => {
    build.out = buildFixture(LOAD_APP);
  }, 60_000);
  afterAll(() => removeDir(build.out));
  return build;
}

/** `wick host` on a build of the load app; `host` is its HostProcess (status, fn). */
export async function startHostTarget(out: string, ...args: string[]): Promise<LoadTarget & { host: HostProcess }> {
  const host = await startHost(out, ...args);
  return {
    mode: 'host',
    url: host.url,
    cli: host,
    host,
    async held() {
      const work = await host.fn('work');
      return work.queued + work.instances.reduce((sum, instance) => sum + instance.inFlight, 0);
    },
    stop: (graceMs = 15_000) => host.stop(graceMs),
    async close() {
      // Time to stop its instances: a SIGKILLed host leaves them running.
      await host.stop(5_000);
    },
  };
}

/** Answers counted by status; a request that got none counts under `lost`, with why. */
export interface Answers {
  statuses: Record<string, number>;
  lost: string[];
}

function tally(outcomes: (number | string)[]): Answers {
  const answers: Answers = { statuses: {}, lost: [] };
  for (const outcome of outcomes) {
    if (typeof outcome === 'string') answers.lost.push(outcome);
    else answers.statuses[outcome] = (answers.statuses[outcome] ?? 0) + 1;
  }
  return answers;
}

/** One GET with fetch on its own connection (fetch opens one per concurrent request): its status, or why none came. */
function statusOf(url: string): Promise<number | string> {
  return fetch(url).then(
    async (res) => {
      await res.arrayBuffer();
      return res.status;
    },
    (err: Error & { cause?: { code?: string } }) => `${err.cause?.code ?? err.message}`,
  );
}

export interface ShutdownResult extends Answers {
  exitCode: number | null;
  /** From SIGTERM to the process's exit. */
  exitMs: number;
}

/**
 * Sends `count` requests to `path`, waits until the target holds them all (running or queued), sends SIGTERM and
 * collects every answer and the exit. Each request ends with a status or counts as lost.
 */
export async function shutdownWithInFlight(target: LoadTarget, count: number, path: string): Promise<ShutdownResult> {
  const outcomes = Promise.all(Array.from({ length: count }, () => statusOf(`${target.url}${path}`)));
  await eventually(async () => (await target.held()) >= count, 15_000, `${count} requests held by the ${target.mode}`);
  const signalled = Date.now();
  const exited = target.cli.exited.then((code) => ({ code, exitMs: Date.now() - signalled }));
  target.cli.child.kill('SIGTERM');
  const [answers, { code, exitMs }] = await Promise.all([outcomes.then(tally), exited]);
  return { ...answers, exitCode: code, exitMs };
}

/** `count` requests at once (each on its own connection), awaited: instances started, say. */
export async function requestAll(url: string, count: number): Promise<Answers> {
  return tally(await Promise.all(Array.from({ length: count }, () => statusOf(url))));
}

export interface LoadResult {
  /** Requests autocannon wrote, retries after a timeout included. */
  sent: number;
  answered: number;
  statuses: Record<string, number>;
  /** Connection errors and timeouts: requests that got no answer. */
  errors: number;
  timeouts: number;
  resets: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  /** Stopped at the time cap before every request was answered. */
  capped: boolean;
}

export interface LoadOptions {
  connections: number;
  /** Requests in all; the run ends once each is answered (or has failed). */
  amount: number;
  /** A request with no answer after this long counts as a timeout. */
  timeoutSeconds?: number;
  /** The run stops here, answered or not. */
  capSeconds?: number;
}

/** A load run by autocannon in its own process (test/helpers/load-client.mjs) against `url` on 127.0.0.1. */
export function runLoad(url: string, { connections, amount, timeoutSeconds = 10, capSeconds = 30 }: LoadOptions): Promise<LoadResult> {
  const child = spawn(process.execPath, [LOAD_CLIENT, url, String(connections), String(amount), String(timeoutSeconds), String(capSeconds)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // The client caps itself; this only ends one that is stuck past its cap.
  const stuck = setTimeout(() => child.kill('SIGKILL'), (capSeconds + timeoutSeconds + 10) * 1000);
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      clearTimeout(stuck);
      if (code === 0 && stdout.trim()) resolve(JSON.parse(stdout) as LoadResult);
      else reject(new Error(`load client exited with ${code ?? signal}:\n${stderr}`));
    });
  });
}

/** VmRSS of one process from /proc, in kB; 0 once it is gone. */
function residentKb(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export interface PeakRss {
  /** The process itself. */
  ownMb: number;
  /** The process and every process below it (a host's instances and runtime pool). */
  totalMb: number;
}

/** Samples the resident memory of `pid` and its descendants from /proc until stopped; the peaks seen. */
export function watchPeakRss(pid: number, everyMs = 200): { stop(): PeakRss } {
  let own = 0;
  let total = 0;
  const sample = () => {
    const mine = residentKb(pid);
    own = Math.max(own, mine);
    total = Math.max(total, descendants(pid).reduce((sum, child) => sum + residentKb(child), mine));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { ownMb: Math.round(own / 1024), totalMb: Math.round(total / 1024) };
    },
  };
}
