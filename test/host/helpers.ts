import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type FunctionStatus } from '../../runtime-host/function-service.js';
import { type HostStatus } from '../../runtime-host/status.js';
import { CLI, fixtureApp } from '../helpers/paths.js';
import { runCli, type CliProcess } from '../helpers/process.js';
import { type ConformanceTarget } from '../conformance/harness.js';
import { sendOverHttp } from '../conformance/targets.js';

/** Builds a fixture app for the host with the real CLI into a fresh temp folder; returns the folder. */
export function buildFixture(app: string, ...args: string[]): string {
  const out = mkdtempSync(join(tmpdir(), `wick-${app}-`));
  const result = spawnSync(process.execPath, [CLI, 'build', fixtureApp(app), '--platform', 'host', '--out', out, ...args], { encoding: 'utf8' });
  if (result.status !== 0) {
    removeDir(out);
    throw new Error(`wick build ${app} failed:\n${result.stderr}`);
  }
  return out;
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export interface HostProcess extends CliProcess {
  url: string;
  status(): Promise<HostStatus>;
  fn(name: string): Promise<FunctionStatus & { asyncPending: number }>;
  /** SIGTERM, then SIGKILL if it has not gone after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** `wick host` on an ephemeral port as a real child process; resolves once it prints its URL. */
export async function startHost(dir: string, ...args: string[]): Promise<HostProcess> {
  const cli = runCli(['host', '--dir', dir, '--port', '0', ...args]);
  let url: string;
  try {
    [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 10_000);
  } catch (err) {
    cli.child.kill('SIGKILL');
    throw err;
  }
  const status = async () => (await (await fetch(`${url}/-/status`)).json()) as HostStatus;
  return {
    ...cli,
    url,
    status,
    fn: async (name) => (await status()).functions[name],
    async stop(graceMs = 15_000) {
      if (cli.child.exitCode !== null || cli.child.signalCode !== null) return cli.child.exitCode;
      cli.child.kill('SIGTERM');
      const timer = setTimeout(() => cli.child.kill('SIGKILL'), graceMs);
      const code = await cli.exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * A fixture app built for the host, served by `wick host` as real processes, spoken to over real HTTP with fetch:
 * every case goes gateway → API Gateway v2 event → Runtime API → instance → result → response.
 */
export async function hostTarget(app: string): Promise<ConformanceTarget> {
  const out = buildFixture(app);
  const host = await startHost(out);
  return {
    send: (request) => sendOverHttp(host.url, request),
    async close() {
      await host.stop();
      removeDir(out);
    },
  };
}

/**
 * Builds `app` once for the calling test file and runs `wick host` on it with `args`; `host.out` is the build
 * folder. After the file the host must stop with exit 0 and leave none of its instances or runtime pool processes
 * running (no orphan processes), and the build is removed.
 */
export function useHost(app: string, ...args: string[]): HostProcess & { out: string } {
  const host = {} as HostProcess & { out: string };
  beforeAll(async () => {
    host.out = buildFixture(app);
    Object.assign(host, await startHost(host.out, ...args));
  }, 60_000);
  afterAll(async () => {
    try {
      if (!host.stop) return;
      const status = await host.status().catch(() => undefined);
      const pids = Object.values(status?.functions ?? {}).flatMap((fn) => fn.instances.flatMap((instance) => instance.pid ?? []));
      const pooled = status?.runtimePool.processes.flatMap((process) => process.pid ?? []) ?? [];
      expect(await host.stop()).toBe(0);
      for (const pid of pids) expect(alive(pid), `instance ${pid} after the host stopped`).toBe(false);
      for (const pid of pooled) expect(alive(pid), `runtime pool process ${pid} after the host stopped`).toBe(false);
    } finally {
      removeDir(host.out);
    }
  });
  return host;
}

/**
 * Builds `app` once for the calling test file; `fresh()` is a copy of that build of its own (so a test's queue,
 * dead letters and sinks start empty) and `host(dir)` runs `wick host` on one with `args`. Hosts stop after each
 * test, the copies and the build after the file.
 */
export function useScratchBuilds(app: string, ...args: string[]): { fresh(): string; host(dir: string, ...more: string[]): Promise<HostProcess> } {
  let build: string;
  const hosts: HostProcess[] = [];
  const copies: string[] = [];
  beforeAll(() => {
    build = buildFixture(app);
  }, 60_000);
  afterEach(async () => {
    for (const running of hosts.splice(0)) await running.stop();
  });
  afterAll(() => [build, ...copies.splice(0)].forEach(removeDir));
  return {
    fresh() {
      const dir = mkdtempSync(join(tmpdir(), `wick-${app}-copy-`));
      cpSync(build, dir, { recursive: true });
      copies.push(dir);
      return dir;
    },
    async host(dir, ...more) {
      const running = await startHost(dir, ...args, ...more);
      hosts.push(running);
      return running;
    },
  };
}

/** SIGKILL, as a crash or the OOM killer ends a host: no drain, nothing saved on the way out. */
export async function killHost(running: HostProcess): Promise<void> {
  running.child.kill('SIGKILL');
  await running.exited;
}

/** Whether a process with this pid exists (signal 0 only checks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls `check` until it returns something truthy, or fails after `timeoutMs` with the last value seen. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<Exclude<NonNullable<T>, false>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last as Exclude<NonNullable<T>, false>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function getJson(url: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** The Lambda Invoke API, as the AWS CLI calls it. */
export async function invoke(url: string, name: string, payload: unknown, type?: string): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${url}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, {
    method: 'POST',
    headers: type ? { 'x-amz-invocation-type': type } : {},
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
