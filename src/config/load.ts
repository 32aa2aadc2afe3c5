import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { importModule } from './import-module.js';

export type AppConfig = Record<string, any>;

/** Midway's names: `config.unittest.ts` cannot be mistaken for a test file the way `config.test.ts` would. */
const ENV_ALIASES: Record<string, string> = { production: 'prod', development: 'local', test: 'unittest' };

/** `WICK_ENV`, else `NODE_ENV` (production → prod, development → local, test → unittest), else prod as Midway does. */
export function currentEnv(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.WICK_ENV || env.NODE_ENV || 'prod';
  return ENV_ALIASES[raw] ?? raw;
}

function isPlainObject(value: unknown): value is Record<string, any> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deep merge of plain objects; arrays and everything else are replaced, never concatenated. */
export function deepMerge(target: AppConfig, source: AppConfig): AppConfig {
  const out: AppConfig = { ...target };
  for (const [key, value] of Object.entries(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out;
}

/** A dotted path's value; the empty path is the whole config (`@Config()`). */
export function getPath(config: AppConfig, path: string): unknown {
  if (path === '') return config;
  return path.split('.').reduce<any>((node, key) => (node == null ? undefined : node[key]), config);
}

/** What a config function receives, as Midway's `MidwayAppInfo`. */
export interface AppInfo {
  /** The app's package.json name. */
  name: string;
  /** The app's package.json (in a function bundle: its name and version). */
  pkg: Record<string, unknown>;
  appDir: string;
  baseDir: string;
  env: string;
  HOME: string;
  /** Where the app may write: the app folder in local and unittest, HOME elsewhere. */
  root: string;
}

export function appInfo(pkg: Record<string, unknown>, appDir: string, baseDir: string, env: string): AppInfo {
  const HOME = homedir();
  return { name: String(pkg.name ?? ''), pkg, appDir, baseDir, env, HOME, root: env === 'local' || env === 'unittest' ? appDir : HOME };
}

/** The app's package.json, or nothing when it has none. */
export function readPackage(appDir: string): Record<string, unknown> {
  const file = join(appDir, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

/** What a function bundle carries of the app's package.json: its name and version, nothing else of it. */
export type BundledPackage = { name?: string; version?: string };

export function bundledPackage(appDir: string): BundledPackage {
  const { name, version } = readPackage(appDir) as BundledPackage;
  return { ...(name !== undefined && { name }), ...(version !== undefined && { version }) };
}

/** A config module's default export: an object, or a function of appInfo returning one. */
function configValue(exported: unknown, info: AppInfo): AppConfig {
  const value = typeof exported === 'function' ? exported(info) : exported;
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw new TypeError('a config file must export an object or a function returning one');
  return value;
}

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs'];

function findConfigFile(dir: string, name: string): string | undefined {
  return EXTENSIONS.map((ext) => join(dir, name + ext)).find((file) => existsSync(file) && !file.endsWith('.d.ts'));
}

/** Loads `config.default` then `config.<env>` from a directory, deep-merged. */
export async function loadConfigDir(dir: string, info: AppInfo): Promise<AppConfig> {
  let config: AppConfig = {};
  for (const name of ['config.default', `config.${info.env}`]) {
    const file = findConfigFile(dir, name);
    if (!file) continue;
    const mod = await importModule(file);
    try {
      config = deepMerge(config, configValue(mod.default ?? mod, info));
    } catch (err) {
      throw new Error(`invalid config file ${file}: ${(err as Error).message}`);
    }
  }
  return config;
}

/** Env-keyed config objects from `importConfigs`: `{ default: {...}, prod: {...} }`. */
export function envKeyedConfig(entry: Record<string, unknown>, info: AppInfo): AppConfig {
  return deepMerge(configValue(entry.default, info), configValue(entry[info.env], info));
}
