import { isAbsolute, join, resolve } from 'node:path';
import { StoreError } from './errors.js';

export const STORE_DRIVERS = ['sqlite', 'redis', 'memory'] as const;
export type StoreDriverName = (typeof STORE_DRIVERS)[number];

/** Config `store` (one key, set per env in config.<env>.ts, as Midway's components are). */
export interface StoreConfig {
  /** `sqlite` (the default: a file shared by every process on the machine), `redis`, or `memory` (one process: unit tests). */
  driver?: StoreDriverName;
  /** sqlite: the database file; relative to the state folder. Default `store.sqlite` there. */
  path?: string;
  /** redis: ioredis's options (`host`, `port`, `password`, `db`, `tls`, ...) or a `redis://` / `rediss://` URL, as @midwayjs/redis's `client`. */
  client?: Record<string, unknown> | string;
}

export type StoreSettings =
  | { driver: 'memory' }
  | { driver: 'sqlite'; path: string }
  | { driver: 'redis'; client: Record<string, unknown> | string };

/** The database file's name in the state folder. */
export const SQLITE_FILE = 'store.sqlite';

/** The variable wick host sets for its instances: its own folder, where host state lives. */
export const HOST_DIR_ENV = 'WICK_HOST_DIR';

/**
 * Where the embedded store keeps its file when the config names none: under `wick host`, the host's folder (the
 * build output it serves, `.wick` by default); elsewhere (wick dev, wick start, tests) `<app>/.wick`. With the
 * default folders both are `<app>/.wick`, so the dev server and every host instance share one file.
 */
export function stateDir(appDir: string): string {
  return process.env[HOST_DIR_ENV] || join(appDir, '.wick');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The driver a config chooses, checked: what the build reads to know which driver a bundle needs. */
export function storeDriverOf(config: unknown): StoreDriverName {
  if (config === undefined || config === null) return 'sqlite';
  if (!isRecord(config)) throw new StoreError(`config store must be an object, got ${JSON.stringify(config)}`, 'WICK_ERR_STORE_CONFIG');
  const driver = config.driver ?? 'sqlite';
  if (!STORE_DRIVERS.includes(driver as StoreDriverName)) {
    throw new StoreError(`config store.driver is ${JSON.stringify(driver)}: use one of ${STORE_DRIVERS.join(', ')}`, 'WICK_ERR_STORE_CONFIG');
  }
  return driver as StoreDriverName;
}

/** Config `store` checked and completed; `dir` is the state folder a relative sqlite path is taken from. */
export function storeSettings(config: unknown, dir: string): StoreSettings {
  const driver = storeDriverOf(config);
  const options: StoreConfig = (config ?? {}) as StoreConfig;
  if (driver === 'memory') return { driver };
  if (driver === 'sqlite') {
    const path = options.path ?? SQLITE_FILE;
    if (typeof path !== 'string' || path === '') throw new StoreError(`config store.path must be a file path, got ${JSON.stringify(path)}`, 'WICK_ERR_STORE_CONFIG');
    return { driver, path: isAbsolute(path) ? path : resolve(dir, path) };
  }
  const client = options.client ?? {};
  if (typeof client !== 'string' && !isRecord(client)) {
    throw new StoreError('config store.client must be ioredis options (an object) or a redis:// URL', 'WICK_ERR_STORE_CONFIG');
  }
  return { driver, client };
}
