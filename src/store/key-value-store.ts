import { App, Config, Destroy, Init, Provide, Scope, ScopeEnum } from '../decorators/provide.js';
import { decode, encode, type JsonValue } from './codec.js';
import { stateDir, storeSettings, type StoreSettings } from './config.js';
import { NotInteger, type StoreDriver } from './driver.js';
import { openDriver } from './drivers/index.js';
import { StoreError } from './errors.js';

export interface SetOptions {
  /** Milliseconds until the value expires (a positive whole number); absent: kept until deleted or overwritten. */
  ttlMs?: number;
}

export interface StoreEntry<T extends JsonValue = JsonValue> {
  key: string;
  value: T;
}

function checkKey(key: unknown, operation: string): asserts key is string {
  if (typeof key !== 'string' || key === '') throw new StoreError(`${operation}: the key must be a non-empty string, got ${JSON.stringify(key) ?? String(key)}`, 'WICK_ERR_STORE_ARGUMENT');
}

function checkTtl(options: SetOptions | undefined, operation: string): number | undefined {
  const ttlMs = options?.ttlMs;
  if (ttlMs === undefined) return undefined;
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new StoreError(`${operation}: ttlMs must be a positive whole number of milliseconds, got ${ttlMs}`, 'WICK_ERR_STORE_ARGUMENT');
  return ttlMs;
}

/**
 * The key-value store: JSON values by string key, kept outside the function (config `store`, per env). Inject it
 * as `@Inject() store: KeyValueStore` once the configuration imports the component (`imports: [store]`, from
 * `import * as store from 'wick/store'`). The driver is loaded and connected on the first operation, so a cold
 * start that does not touch the store pays nothing for it.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class KeyValueStore {
  @Config('store') private config: unknown;
  @App() private app?: { getAppDir(): string };
  private settings?: StoreSettings;
  private opening?: Promise<StoreDriver>;

  /** A store outside an app (scripts, tests): `config` as config `store`, `appDir` the folder `.wick` is in. */
  static open(config: unknown = {}, appDir = process.cwd()): KeyValueStore {
    const store = new KeyValueStore();
    store.settings = storeSettings(config, stateDir(appDir));
    return store;
  }

  /** A config mistake fails the boot, before any request. */
  @Init()
  init(): void {
    this.settings ??= storeSettings(this.config, stateDir(this.app?.getAppDir() ?? process.cwd()));
  }

  private driver(): Promise<StoreDriver> {
    this.opening ??= (async () => {
      if (!this.settings) throw new StoreError('the store is not configured: inject it, or use KeyValueStore.open(config)', 'WICK_ERR_STORE_CONFIG');
      return openDriver(this.settings);
    })();
    return this.opening;
  }

  /** The value at `key`, or undefined when there is none (or it expired). */
  async get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined> {
    checkKey(key, 'store.get');
    const text = await (await this.driver()).get(key);
    return text === undefined ? undefined : (decode(text) as T);
  }

  async set(key: string, value: JsonValue, options?: SetOptions): Promise<void> {
    checkKey(key, 'store.set');
    const text = encode(value, `store.set(${JSON.stringify(key)})`);
    await (await this.driver()).set(key, text, checkTtl(options, 'store.set'));
  }

  /** Whether there was a value to delete. */
  async delete(key: string): Promise<boolean> {
    checkKey(key, 'store.delete');
    return (await this.driver()).delete(key);
  }

  /**
   * Adds `by` (default 1) to the integer at `key`, starting from 0 when there is none, and returns the result: one
   * atomic step, so concurrent callers in any process never lose an update. A TTL the key has stays.
   */
  async incr(key: string, by = 1): Promise<number> {
    checkKey(key, 'store.incr');
    if (!Number.isSafeInteger(by)) throw new StoreError(`store.incr(${JSON.stringify(key)}): by must be a whole number, got ${by}`, 'WICK_ERR_STORE_ARGUMENT');
    let sum: number;
    try {
      sum = await (await this.driver()).incr(key, by);
    } catch (err) {
      if (err instanceof NotInteger) throw new StoreError(`store.incr(${JSON.stringify(key)}): the value there is not an integer`, 'WICK_ERR_STORE_NOT_INTEGER');
      throw err;
    }
    if (!Number.isSafeInteger(sum)) throw new StoreError(`store.incr(${JSON.stringify(key)}): the result ${sum} is past Number.MAX_SAFE_INTEGER`, 'WICK_ERR_STORE_NOT_INTEGER');
    return sum;
  }

  /**
   * Writes `value` only if the key holds `expected` now (`undefined`: only if it has no value), in one atomic step;
   * whether it wrote. Values compare as their JSON text, so what `get` returned matches.
   */
  async compareAndSet(key: string, expected: JsonValue | undefined, value: JsonValue, options?: SetOptions): Promise<boolean> {
    checkKey(key, 'store.compareAndSet');
    const operation = `store.compareAndSet(${JSON.stringify(key)})`;
    const expectedText = expected === undefined ? undefined : encode(expected, operation);
    return (await this.driver()).compareAndSet(key, expectedText, encode(value, operation), checkTtl(options, 'store.compareAndSet'));
  }

  /** Every live entry whose key starts with `prefix` (`''`: all), sorted by key. */
  async list<T extends JsonValue = JsonValue>(prefix = ''): Promise<StoreEntry<T>[]> {
    if (typeof prefix !== 'string') throw new StoreError(`store.list: the prefix must be a string, got ${JSON.stringify(prefix)}`, 'WICK_ERR_STORE_ARGUMENT');
    const entries = await (await this.driver()).list(prefix);
    return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, text]) => ({ key, value: decode(text) as T }));
  }

  /** Closes the connection or file; the app does it on shutdown. */
  @Destroy()
  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (opening) await (await opening.catch(() => undefined))?.close();
  }
}
