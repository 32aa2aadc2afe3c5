import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { alive, eventually, getJson, startHost, useHost, type HostProcess } from './helpers.js';

// Two functions of 128 MB and one of 256 MB: the default pool keeps 2 started runtimes per memory size.
const host = useHost('host-pool', '--idle-timeout', '1s');

interface Described {
  pid: number;
  cwd: string;
  env: Record<string, string>;
  execArgv: string[];
  heapLimitMb: number;
  claimedBefore: string | null;
}

const describeInstance = async (on: HostProcess, fn: string) => {
  const answer = await getJson(`${on.url}/${fn}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Described;
};

/** The idle pool processes of a host once it is full again. */
async function fullPool(on: HostProcess, count: number): Promise<Map<number, number>> {
  const pool = await eventually(async () => {
    const { runtimePool } = await on.status();
    return runtimePool.idle === count && runtimePool.starting === 0 ? runtimePool : undefined;
  }, 15_000, `${count} idle runtime pool processes`);
  return new Map(pool.processes.map((process) => [process.pid!, process.memorySize]));
}

/** What differs between any two instances of one function: the Runtime API's port, the log stream, the trace. */
function functionEnv(env: Record<string, string>): Record<string, string> {
  const { AWS_LAMBDA_RUNTIME_API, AWS_LAMBDA_LOG_STREAM_NAME, _X_AMZN_TRACE_ID, ...rest } = env;
  expect([AWS_LAMBDA_RUNTIME_API, AWS_LAMBDA_LOG_STREAM_NAME, _X_AMZN_TRACE_ID]).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
  return rest;
}

describe('wick host: the runtime pool', () => {
  it('starts its pool at boot, per memory size, beside zero function instances', async () => {
    const pooled = await fullPool(host, 4);
    expect([...pooled.values()].sort()).toEqual([128, 128, 256, 256]);
    const status = await host.status();
    expect(status.runtimePool).toMatchObject({ size: 2, idle: 4, starting: 0 });
    for (const fn of Object.values(status.functions)) expect(fn.instances).toEqual([]);
    for (const pid of pooled.keys()) expect(alive(pid)).toBe(true);
  });

  it("serves a cold start on a pooled process, which has the function's own environment, folder and heap limit, as a fresh instance has", async () => {
    const pooled = await fullPool(host, 4);
    const served = await describeInstance(host, 'whoami');
    expect(pooled.get(served.pid)).toBe(128);
    expect(served.cwd).toBe(join(host.out, 'functions', 'whoami'));
    expect(served.env).toMatchObject({ AWS_LAMBDA_FUNCTION_NAME: 'whoami', _HANDLER: 'index.handler', LAMBDA_TASK_ROOT: served.cwd, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' });
    expect(served.env.WICK_RUNTIME_POOL).toBeUndefined();
    expect(await host.fn('whoami')).toMatchObject({ coldStarts: 1, instances: [expect.objectContaining({ pid: served.pid })] });

    const fresh = await startHost(host.out, '--runtime-pool', '0');
    try {
      const spawned = await describeInstance(fresh, 'whoami');
      expect(functionEnv(served.env)).toEqual(functionEnv(spawned.env));
      expect({ cwd: served.cwd, execArgv: served.execArgv, heapLimitMb: served.heapLimitMb }).toEqual({ cwd: spawned.cwd, execArgv: spawned.execArgv, heapLimitMb: spawned.heapLimitMb });
    } finally {
      expect(await fresh.stop()).toBe(0);
    }
  });

  it('gives two functions cold-started from the pool two processes that share no state, each with its own heap limit', async () => {
    const pooled = await fullPool(host, 4);
    const [other, big] = await Promise.all([describeInstance(host, 'other'), describeInstance(host, 'big')]);
    expect(pooled.get(other.pid)).toBe(128);
    expect(pooled.get(big.pid)).toBe(256);
    expect([other.claimedBefore, big.claimedBefore]).toEqual([null, null]);
    expect([other.env.AWS_LAMBDA_FUNCTION_NAME, big.env.AWS_LAMBDA_FUNCTION_NAME]).toEqual(['other', 'big']);
    expect(big.heapLimitMb).toBeGreaterThan(other.heapLimitMb);
    // Warm: each instance kept what its own function put there, and only that.
    expect((await describeInstance(host, 'other')).claimedBefore).toBe('other');
    expect((await describeInstance(host, 'big')).claimedBefore).toBe('big');
  });

  it('refills after use, and never gives back a process that became an instance', async () => {
    await eventually(async () => (await host.fn('whoami')).instances.length === 0, 5000, 'whoami to scale to zero');
    const before = await fullPool(host, 4);
    const served = await describeInstance(host, 'whoami');
    await eventually(async () => (await host.fn('whoami')).instances.length === 0, 5000, 'whoami to scale to zero');
    const after = await fullPool(host, 4);
    expect(after.has(served.pid)).toBe(false);
    expect([...after.keys()].filter((pid) => before.has(pid))).toHaveLength(3);
    expect(await host.fn('whoami')).toMatchObject({ instances: [] });
  });

  it('replaces a pooled process killed while idle, and never hands it out', async () => {
    const pooled = await fullPool(host, 4);
    const [victim] = [...pooled].find(([, memorySize]) => memorySize === 128)!;
    process.kill(victim, 'SIGKILL');
    await host.waitFor(new RegExp(`runtime pool process ${victim} exited while idle \\(signal: SIGKILL\\): replacing it`));
    const refilled = await fullPool(host, 4);
    expect(refilled.has(victim)).toBe(false);
    await eventually(async () => (await host.fn('other')).instances.length === 0, 5000, 'other to scale to zero');
    const served = await describeInstance(host, 'other');
    expect(served.pid).not.toBe(victim);
    expect(refilled.get(served.pid)).toBe(128);
  });

  it('wick host status shows the pool apart from the functions', async () => {
    const pooled = await fullPool(host, 4);
    const result = spawnSync(process.execPath, [CLI, 'host', 'status', '--url', host.url], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^runtime pool: 4 idle, 0 starting, 2 per memory size: /m);
    for (const [pid, memorySize] of pooled) expect(result.stdout).toContain(`${pid} (${memorySize} MB, idle)`);
  });
});

describe('wick host --runtime-pool 0', () => {
  it('starts no pool and spawns each cold instance, as before', async () => {
    const fresh = await startHost(host.out, '--runtime-pool', '0');
    try {
      expect((await fresh.status()).runtimePool).toEqual({ size: 0, idle: 0, starting: 0, processes: [] });
      const served = await describeInstance(fresh, 'whoami');
      expect(served.env.AWS_LAMBDA_FUNCTION_NAME).toBe('whoami');
      expect(await fresh.fn('whoami')).toMatchObject({ coldStarts: 1, instances: [expect.objectContaining({ pid: served.pid })] });
      expect((await fresh.status()).runtimePool.processes).toEqual([]);
      const result = spawnSync(process.execPath, [CLI, 'host', 'status', '--url', fresh.url], { encoding: 'utf8', timeout: 15_000 });
      expect(result.stdout).toMatch(/^runtime pool: off$/m);
    } finally {
      expect(await fresh.stop()).toBe(0);
    }
  });
});
