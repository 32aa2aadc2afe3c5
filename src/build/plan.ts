import { existsSync, readdirSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type ParamMetadata, type RouteMetadata } from '../decorators/web.js';
import { CONTEXT_ID, ScopeEnum } from '../decorators/provide.js';
import { type ConfigurationOptions } from '../decorators/configuration.js';
import { defineProvider, indexProviders, isProvider, type ProviderDefinition, type ProviderLookup } from '../container/providers.js';
import { importModule } from '../config/import-module.js';
import { scanApp } from '../app/scan.js';
import { checkDestinationFunctions, collectFunctions, type FunctionDefinition } from '../functions/registry.js';
import { isDto } from '../validation/dto.js';
import { checkCronSchedules } from '../functions/schedule.js';
import { appInfo, deepMerge, envKeyedConfig, type AppConfig, type AppInfo, type BundledPackage } from '../config/load.js';
import { sessionSettings } from '../middleware/session.js';
import { loadAppConfig } from '../app/configs.js';
import { globalPrefixOf } from '../app/compile-routes.js';
import { checkRouteParams } from '../app/route-params.js';
import { storeDriverOf, type StoreDriverName } from '../store/config.js';

/** A class the entry imports by name from the compiled file that exports it. */
export interface ClassImport {
  exportName: string;
  /** The compiled file; with `bare`, a package entry point (`wick/store`). */
  file: string;
  /** A component from one of wick's entry points, imported by its specifier, not as a file of the app. */
  bare?: boolean;
}

export interface FunctionPlan {
  fn: FunctionDefinition;
  imports: ClassImport[];
  /** Some handler of the function takes a DTO: only then does the bundle carry class-validator. */
  validates: boolean;
  /** Some handler has a @Files/@Fields parameter: only then does the bundle carry busboy. */
  multipart: boolean;
  /** Some handler parameter has pipes: only then does the bundle carry the pipe runner. */
  pipes: boolean;
  /** The function reaches the key-value store through DI: only then does the bundle carry wick/store and its drivers. */
  store: boolean;
}

export interface BuildPlan {
  distDir: string;
  functions: FunctionPlan[];
  /** Compiled config files by env: `default`, `prod`, ... */
  configFiles: Record<string, string>;
  /** `importConfigs` folders relative to distDir, each with its compiled config files by env. */
  configFolders: Record<string, Record<string, string>>;
  /** The app's package name and version, which the bundles carry for config functions' appInfo. */
  pkg: BundledPackage;
  /** Some env's config turns the cookie session on: only then do the bundles carry koa-session. */
  session: boolean;
  /** The store drivers some env's config chooses (config `store.driver`): the only ones a store bundle carries. */
  storeDrivers: StoreDriverName[];
}

/** Classes every function of the app carries: lifecycle, middleware, guards and (exception and result) filters may be wired in onReady; pipes are resolved from DI. */
const APP_LEVEL_KEYS = [KEYS.configuration, KEYS.middleware, KEYS.guard, KEYS.catch, KEYS.match, KEYS.pipe];

function handlerNames(fn: FunctionDefinition): string[] {
  if (fn.handlerName) return [fn.handlerName];
  return (readOwn<RouteMetadata[]>(KEYS.routes, fn.target) ?? []).map((route) => route.handler);
}

function paramsOf(target: Class, handler: string): ParamMetadata[] {
  return readOwn<ParamMetadata[]>(KEYS.params, target.prototype, handler) ?? [];
}

function takesDto(target: Class, handler: string): boolean {
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', target.prototype, handler) ?? [];
  return paramsOf(target, handler).some((param) => isDto(types[param.index]));
}

function takesUploads(target: Class, handler: string): boolean {
  return paramsOf(target, handler).some((param) => param.source === 'files' || param.source === 'fields');
}

/** Evaluates the compiled config files (each set by env) for every env they name, merged in order, as the artifact will at cold start. */
async function configsOfEveryEnv(sets: Record<string, string>[], infoFor: (env: string) => AppInfo): Promise<AppConfig[]> {
  const loaded: Record<string, unknown>[] = [];
  for (const files of sets) {
    const modules: Record<string, unknown> = {};
    for (const [env, file] of Object.entries(files)) {
      const module = await importModule(file);
      modules[env] = module.default ?? module;
    }
    loaded.push(modules);
  }
  const envs = new Set(loaded.flatMap((modules) => Object.keys(modules)));
  const configFor = (env: string) => loaded.reduce<AppConfig>((config, modules) => deepMerge(config, envKeyedConfig(modules, infoFor(env))), {});
  return [...envs].map(configFor);
}

/**
 * wick's own entry points that export components (`imports: [store]`). The app's `import * as store from 'wick/store'`
 * is narrowed in the bundle (app-sources.ts) like `wick`'s, so a function that reaches one of their classes imports it
 * from the entry point by name instead, and a function that does not carries none of it.
 */
const WICK_COMPONENT_ENTRIES = ['wick/store'];

/** wick's component classes, by the entry point and name they are exported under (the copies the app's imports load). */
async function wickComponentImports(): Promise<Map<Class, ClassImport>> {
  const found = new Map<Class, ClassImport>();
  for (const specifier of WICK_COMPONENT_ENTRIES) {
    const module: Record<string, unknown> = await import(specifier);
    for (const [exportName, value] of Object.entries(module)) if (isProvider(value)) found.set(value, { exportName, file: specifier, bare: true });
  }
  return found;
}

/** The classes a set of roots needs through DI, by declared type, id or alias, transitively. */
function dependencyClosure(roots: ProviderDefinition[], lookup: ProviderLookup): Set<Class> {
  const found = new Set<Class>();
  const queue = [...roots];
  while (queue.length) {
    const definition = queue.pop()!;
    if (found.has(definition.target)) continue;
    found.add(definition.target);
    for (const { id } of definition.dependencies) {
      const next = id === CONTEXT_ID ? undefined : lookup(id);
      if (next) queue.push(next);
    }
  }
  return found;
}

/** How the entry imports a class: by the name its file exports it under. */
async function classImport(target: Class, file: string): Promise<ClassImport> {
  const module = await importModule(file);
  const exportName = Object.keys(module).find((key) => module[key] === target);
  if (!exportName) throw new Error(`${target.name} is not exported from ${file}`);
  return { exportName, file };
}

function configFilesIn(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const files: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    const match = /^config\.([\w-]+)\.(c?js|mjs)$/.exec(basename(file));
    if (match) files[match[1]] = join(dir, file);
  }
  return files;
}

/**
 * The folders `importConfigs` names (Midway's `join(__dirname, './config')`), relative to the compiled app,
 * with their config files: the bundle carries them and answers for those paths beside itself.
 */
function importedConfigFolders(appConfigurations: Class[], distDir: string): Record<string, Record<string, string>> {
  const folders: Record<string, Record<string, string>> = {};
  for (const target of appConfigurations) {
    for (const entry of [readOwn<ConfigurationOptions>(KEYS.configuration, target)?.importConfigs ?? []].flat()) {
      if (typeof entry !== 'string') continue;
      const folder = relative(distDir, resolve(distDir, entry));
      if (folder.startsWith('..') || isAbsolute(folder)) throw new Error(`${target.name}: importConfigs folder ${entry} is outside the app, so no bundle can carry it`);
      folders[folder.split(sep).join('/') || '.'] = configFilesIn(resolve(distDir, entry));
    }
  }
  return folders;
}

/**
 * `koa.globalPrefix` as the app's config files set it: the functions' routes (in the manifest, the descriptors and
 * wick host's gateway) are fixed at build time, so every env must agree on it.
 */
async function buildGlobalPrefix(configurations: Class[], infoFor: (env: string) => AppInfo, envs: string[]): Promise<string> {
  const prefixes = new Set<string>();
  for (const env of envs.length ? envs : ['default']) prefixes.add(globalPrefixOf(await loadAppConfig(configurations, infoFor(env))));
  if (prefixes.size > 1) {
    throw new Error(`koa.globalPrefix differs between envs (${[...prefixes].map((prefix) => JSON.stringify(prefix)).join(', ')}): set one prefix for every env`);
  }
  return [...prefixes][0];
}

/** Reads the compiled app once, at build time: every function, what it imports, whether it validates. */
export async function planBuild(distDir: string, pkg: BundledPackage): Promise<BuildPlan> {
  // Config functions see the appInfo the artifact gives them at cold start.
  const infoFor = (env: string) => appInfo(pkg, distDir, distDir, env);
  const { providers, files, configurations } = await scanApp(distDir);
  const definitions = providers.map((target) => defineProvider(target, ScopeEnum.Request));
  const lookup = indexProviders(definitions);
  const appLevel = definitions.filter(({ target }) => APP_LEVEL_KEYS.some((key) => readOwn(key, target) !== undefined));
  const components = await wickComponentImports();
  const imports = new Map([...components, ...(await Promise.all([...files].map(async ([target, file]) => [target, await classImport(target, file)] as const)))]);
  const configFiles = configFilesIn(join(distDir, 'config'));
  const configFolders = importedConfigFolders(configurations.filter((target) => files.has(target)), distDir);
  const envs = [...new Set([configFiles, ...Object.values(configFolders)].flatMap((set) => Object.keys(set)))];
  const fns = collectFunctions(providers, await buildGlobalPrefix(configurations, infoFor, envs));
  checkCronSchedules(fns);
  checkRouteParams(fns);
  checkDestinationFunctions(fns);
  const functions = fns.map((fn): FunctionPlan => {
    const closure = [...dependencyClosure([lookup(fn.target)!, ...appLevel], lookup)];
    return {
      fn,
      imports: closure.flatMap((target) => imports.get(target) ?? []),
      validates: handlerNames(fn).some((handler) => takesDto(fn.target, handler)),
      multipart: handlerNames(fn).some((handler) => takesUploads(fn.target, handler)),
      pipes: handlerNames(fn).some((handler) => paramsOf(fn.target, handler).some((param) => param.pipes?.length)),
      store: closure.some((target) => components.has(target)),
    };
  });
  const configs = await configsOfEveryEnv([...Object.values(configFolders), configFiles], infoFor);
  return {
    distDir,
    pkg,
    functions,
    configFiles,
    configFolders,
    session: configs.some((config) => sessionSettings(config) !== null),
    storeDrivers: [...new Set(configs.map((config) => storeDriverOf(config.store)))],
  };
}
