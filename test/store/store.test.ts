import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyValueStore, StoreError, type StoreConfig } from 'wick/store';
import { startRedisServer, type RedisServer } from './redis-server.js';

const WORKER = fileURLToPath(new URL('./incr-worker.mjs', import.meta.url));

interface DriverCase {
  name: string;
  /** Whether separate processes see one store (memory: each process has its own). */
  shared: boolean;
  setUp(): Promise<StoreConfig>;
  tearDown(): Promise<void>;
}

let redis: RedisServer | undefined;
let sqliteDir: string | undefined;

const DRIVERS: DriverCase[] = [
  { name: 'memory', shared: false, setUp: async () => ({ driver: 'memory' }), tearDown: async () => {} },
  {
    name: 'sqlite',
    shared: true,
    async setUp() {
      sqliteDir = mkdtempSync(join(tmpdir(), 'wick-store-'));
      return { driver: 'sqlite', path: join(sqliteDir, 'store.sqlite') };
    },
    async tearDown() {
      if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
    },
  },
  {
    name: 'redis',
    shared: true,
    async setUp() {
      redis = await startRedisServer();
      return { driver: 'redis', client: { host: '127.0.0.1', port: redis.port } };
    },
    async tearDown() {
      await redis?.stop();
    },
  },
];

/** Long enough for the writes before the first read on a loaded machine; expiry is then awaited by polling. */
const TTL_MS = 500;

/** Polls until `check` holds; a TTL is awaited by its effect, never by a fixed sleep. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const err = await promise.then(() => undefined, (error: unknown) => error);
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
}

/** A worker process (incr-worker.mjs) and a way to await a line of its output; rejects if it exits first. */
function worker(config: StoreConfig, mode: 'incr' | 'cas', key: string, each: number) {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(config), mode, key, String(each)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const said = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => stdout.includes(`${line}\n`) && resolve();
      child.stdout!.on('data', check);
      check();
      exited.then((code) => reject(new Error(`worker exited with ${code} before "${line}":\n${stderr}`)));
    });
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, said };
}

/** Worker processes, all started and connected before any begins, then released at once. */
async function race(config: StoreConfig, mode: 'incr' | 'cas', key: string, processes: number, each: number): Promise<void> {
  const workers = Array.from({ length: processes }, () => worker(config, mode, key, each));
  try {
    await Promise.all(workers.map((w) => w.said('ready')));
    const done = workers.map((w) => w.said('done'));
    workers.forEach((w) => w.child.stdin!.write('go\n'));
    await Promise.all(done);
  } finally {
    for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

describe.each(DRIVERS)('the store on the $name driver', (driver) => {
  let config: StoreConfig;
  let store: KeyValueStore;
  beforeAll(async () => {
    config = await driver.setUp();
    store = KeyValueStore.open(config);
  });
  afterAll(async () => {
    await store?.close();
    await driver.tearDown();
  });

  it('gives back JSON values as they were set, and undefined for a key it does not have', async () => {
    const value = { name: 'Ada', tags: ['a', 'b'], nested: { n: 0, ok: false, none: null }, text: 'é ✓ 𝄞', big: 2 ** 52 };
    await store.set('json:object', value);
    await store.set('json:zero', 0);
    await store.set('json:null', null);
    expect(await store.get('json:object')).toEqual(value);
    expect(await store.get('json:zero')).toBe(0);
    expect(await store.get('json:null')).toBeNull();
    expect(await store.get('json:absent')).toBeUndefined();
  });

  it('overwrites on set and says whether delete found a value', async () => {
    await store.set('del:a', 1);
    await store.set('del:a', 'two');
    expect(await store.get('del:a')).toBe('two');
    expect(await store.delete('del:a')).toBe(true);
    expect(await store.delete('del:a')).toBe(false);
    expect(await store.get('del:a')).toBeUndefined();
  });

  it('incr starts from 0, adds by, and counts concurrent callers without losing one', async () => {
    expect(await store.incr('incr:a')).toBe(1);
    expect(await store.incr('incr:a', 10)).toBe(11);
    expect(await store.incr('incr:a', -12)).toBe(-1);
    await Promise.all(Array.from({ length: 50 }, () => store.incr('incr:b')));
    expect(await store.get('incr:b')).toBe(50);
  });

  it('compareAndSet writes only over the expected value, and exactly one of racing writers wins', async () => {
    expect(await store.compareAndSet('cas:a', undefined, { v: 1 })).toBe(true);
    expect(await store.compareAndSet('cas:a', undefined, { v: 2 })).toBe(false);
    expect(await store.compareAndSet('cas:a', { v: 9 }, { v: 2 })).toBe(false);
    expect(await store.compareAndSet('cas:a', await store.get('cas:a'), { v: 2 })).toBe(true);
    expect(await store.get('cas:a')).toEqual({ v: 2 });
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.compareAndSet('cas:race', undefined, i)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await store.get('cas:race')).toBe(wins.indexOf(true));
  });

  it('lists the live entries under a prefix, sorted, with glob characters matching themselves', async () => {
    await store.set('list:b', 2);
    await store.set('list:a', 1);
    await store.set('list*x', 'star');
    await store.set('lisp', 'other');
    expect(await store.list('list:')).toEqual([{ key: 'list:a', value: 1 }, { key: 'list:b', value: 2 }]);
    expect(await store.list('list*')).toEqual([{ key: 'list*x', value: 'star' }]);
    expect((await store.list('')).map((entry) => entry.key)).toEqual(expect.arrayContaining(['lisp', 'list*x', 'list:a', 'list:b']));
  });

  it('expires a value after its TTL, keeps it on incr, and drops the TTL when set again without one', async () => {
    await store.set('ttl:a', 'soon', { ttlMs: TTL_MS });
    await store.set('ttl:kept', 'soon', { ttlMs: TTL_MS });
    await store.set('ttl:kept', 'forever');
    await store.compareAndSet('ttl:cas', undefined, 1, { ttlMs: TTL_MS });
    await store.set('ttl:count', 5, { ttlMs: TTL_MS });
    expect(await store.incr('ttl:count')).toBe(6);
    expect(await store.get('ttl:a')).toBe('soon');
    await eventually(async () => (await store.get('ttl:a')) === undefined);
    await eventually(async () => (await store.get('ttl:count')) === undefined);
    expect(await store.get('ttl:cas')).toBeUndefined();
    expect(await store.get('ttl:kept')).toBe('forever');
    expect(await store.list('ttl:')).toEqual([{ key: 'ttl:kept', value: 'forever' }]);
    expect(await store.delete('ttl:a')).toBe(false);
    expect(await store.incr('ttl:a')).toBe(1);
  });

  it('refuses a value JSON cannot hold, naming where it is', async () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const [value, said] of [
      [undefined, 'value is undefined'],
      [{ when: new Date(0) }, 'value.when is a Date'],
      [[1, new Map()], 'value[1] is a Map'],
      [{ f: () => 1 }, 'value.f is a function'],
      [Number.NaN, 'value is NaN'],
      [10n, 'value is a bigint'],
      [cycle, 'value.self refers back to itself'],
    ] as const) {
      const err = await rejection(store.set('bad', value as never));
      expect(err.code).toBe('WICK_ERR_STORE_VALUE');
      expect(err.message).toContain(said);
    }
    expect((await rejection(store.compareAndSet('bad', undefined, new Set() as never))).code).toBe('WICK_ERR_STORE_VALUE');
    expect(await store.get('bad')).toBeUndefined();
  });

  it('refuses incr on a value that is not an integer, and bad keys, increments and TTLs', async () => {
    await store.set('not-int:text', 'abc');
    await store.set('not-int:float', 1.5);
    await store.set('not-int:object', { n: 1 });
    for (const key of ['not-int:text', 'not-int:float', 'not-int:object']) {
      const err = await rejection(store.incr(key));
      expect(err.code).toBe('WICK_ERR_STORE_NOT_INTEGER');
      expect(err.message).toContain('is not an integer');
    }
    expect(await store.get('not-int:float')).toBe(1.5);
    expect((await rejection(store.incr('not-int:n', 1.5))).code).toBe('WICK_ERR_STORE_ARGUMENT');
    expect((await rejection(store.get(''))).code).toBe('WICK_ERR_STORE_ARGUMENT');
    expect((await rejection(store.set(42 as never, 1))).message).toContain('the key must be a non-empty string, got 42');
    expect((await rejection(store.set('k', 1, { ttlMs: 0 }))).message).toContain('ttlMs must be a positive whole number');
    expect((await rejection(store.set('k', 1, { ttlMs: 1.5 }))).code).toBe('WICK_ERR_STORE_ARGUMENT');
  });

  it.runIf(driver.shared)('loses no incr from 4 processes × 50 at once', async () => {
    await race(config, 'incr', 'race:incr', 4, 50);
    expect(await store.get('race:incr')).toBe(200);
  });

  it.runIf(driver.shared)('lets exactly one process win each compare-and-set: 4 processes × 25 get+CAS increments count 100', async () => {
    await race(config, 'cas', 'race:cas', 4, 25);
    expect(await store.get('race:cas')).toBe(100);
  });

  it.runIf(driver.shared)('keeps what it holds across a reopen (another process, a restart)', async () => {
    await store.set('durable', { kept: true });
    const reopened = KeyValueStore.open(config);
    try {
      expect(await reopened.get('durable')).toEqual({ kept: true });
    } finally {
      await reopened.close();
    }
  });
});

describe('store config', () => {
  it('fails on an unknown driver or a bad option, naming the key', () => {
    expect(() => KeyValueStore.open({ driver: 'mongo' })).toThrow('config store.driver is "mongo": use one of sqlite, redis, memory');
    expect(() => KeyValueStore.open({ path: 3 })).toThrow('config store.path must be a file path');
    expect(() => KeyValueStore.open({ driver: 'redis', client: 5 })).toThrow('config store.client must be ioredis options');
    expect(() => KeyValueStore.open('sqlite')).toThrow('config store must be an object');
  });

  it('keeps the sqlite file in <app>/.wick, and under wick host (WICK_HOST_DIR) in the host folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wick-store-'));
    const written = async (where: string) => {
      const store = KeyValueStore.open({}, join(dir, 'app'));
      await store.set('k', where);
      await store.close();
    };
    try {
      await written('app');
      expect(existsSync(join(dir, 'app', '.wick', 'store.sqlite'))).toBe(true);
      process.env.WICK_HOST_DIR = join(dir, 'host');
      await written('host');
      expect(existsSync(join(dir, 'host', 'store.sqlite'))).toBe(true);
    } finally {
      delete process.env.WICK_HOST_DIR;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a sqlite file it cannot open as a store error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wick-store-'));
    try {
      const notAFolder = join(dir, 'file');
      writeFileSync(notAFolder, '');
      const store = KeyValueStore.open({ path: join(notAFolder, 'store.sqlite') });
      const err = await rejection(store.get('a'));
      expect(err.code).toBe('WICK_ERR_STORE_DRIVER');
      expect(err.message).toContain(`could not open ${join(notAFolder, 'store.sqlite')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
