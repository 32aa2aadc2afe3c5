import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import supertest from 'supertest';
import { type WickApplication } from '../app/application.js';
import { createApplication, type CreateAppOptions } from '../app/create.js';
import { type Framework } from '../app/midway-types.js';
import { appInfo, currentEnv, deepMerge, envKeyedConfig, readPackage, type AppConfig } from '../config/load.js';
import { type Class } from '../decorators/metadata.js';
import { invokeLocally } from '../functions/invoke.js';
import { invokeOnPlatform } from '../../adapters/local-invoke.js';
import { type PlatformName } from '../../adapters/registry.js';
import { restoreAllMocks } from './mock.js';

/** One object, or Midway's list of env-keyed ones (`[{ default: {...}, unittest: {...} }]`). */
export type GlobalConfig = AppConfig | Record<string, AppConfig>[];

export interface TestAppOptions extends Omit<CreateAppOptions, 'appDir'> {
  /** Midway's name: deep-merged over every config file (and over `config`). */
  globalConfig?: GlobalConfig;
}

/** `config`, then `globalConfig` over it; a list's entries are read for the app's env as `importConfigs` objects are. */
function mergedConfig(dir: string | undefined, { globalConfig, config = {}, env = currentEnv(), baseDir = 'src' }: TestAppOptions): AppConfig {
  if (!Array.isArray(globalConfig)) return deepMerge(config, globalConfig ?? {});
  const appDir = resolve(dir ?? process.cwd());
  const info = appInfo(readPackage(appDir), appDir, resolve(appDir, baseDir), env);
  return globalConfig.reduce((merged, entry) => deepMerge(merged, envKeyedConfig(entry, info)), config);
}

/**
 * Boots the app in `dir` (default: the current directory) from its TypeScript sources. It never listens by itself.
 * Typed as Midway's `createApp<Framework>()`: the application of the framework named.
 */
export async function createApp<T extends Framework = Framework>(dir?: string, options: TestAppOptions = {}): Promise<ReturnType<T['getApplication']>> {
  return (await createApplication({ ...options, config: mergedConfig(dir, options), appDir: dir })) as ReturnType<T['getApplication']>;
}

/**
 * Midway's app for testing services without HTTP. A Wick test app never listens anyway, so this is the same boot
 * (container, config, lifecycle hooks): services come from `app.container`.
 */
export function createLightApp(dir?: string, options: TestAppOptions = {}): Promise<WickApplication> {
  return createApp<Framework>(dir, options);
}

/** A supertest agent over real HTTP on an ephemeral port. */
export function createHttpRequest(app: WickApplication) {
  return supertest(app.callback());
}

export interface InvokeOptions {
  /** Run the input through this platform's adapter: the input is then that platform's event and the result its format. */
  platform?: PlatformName;
}

export interface FunctionApp extends WickApplication {
  /**
   * Invokes one function. Without a platform: a `{ method, path, ... }` request returns `{ status, headers, body }`,
   * a WickEvent or any other payload goes to the function's event chain and returns its result.
   */
  invoke(functionName: string, input: unknown, options?: InvokeOptions): Promise<any>;
  /** See {@link getServerlessInstance}. */
  getServerlessInstance<T extends object>(target: Class<T>, originContext?: unknown): Promise<T>;
}

/**
 * Midway's way to test a function: an object whose methods are the class's triggered methods, each calling that
 * function as an invocation would (event middleware, guards, filters, a fresh request scope). What a method is given
 * is the invocation's input, as for `app.invoke`: an EVENT handler receives it as it is, a normalized event goes to
 * TIMER/OS/MQ handlers, a `{ method, path }` request to an HTTP function. `originContext` becomes `ctx.originContext`.
 */
export async function getServerlessInstance<T extends object>(app: WickApplication, target: Class<T>, originContext: unknown = {}): Promise<T> {
  const byMethod = new Map(app.functions.functions.filter((fn) => fn.target === target && fn.handlerName).map((fn) => [fn.handlerName!, fn.name]));
  if (byMethod.size === 0) throw new Error(`${target.name} has no @ServerlessTrigger method`);
  return new Proxy({} as T, {
    get: (_instance, property) => {
      const functionName = typeof property === 'string' ? byMethod.get(property) : undefined;
      return functionName && ((input: unknown) => invokeLocally(app.functions, functionName, input, originContext));
    },
  });
}

/** Boots the app for function-mode tests; typed as Midway's `createFunctionApp<Framework>()`, with the function helpers. */
export async function createFunctionApp<T extends Framework = Framework>(dir?: string, options: TestAppOptions = {}): Promise<FunctionApp & ReturnType<T['getApplication']>> {
  const app: WickApplication = await createApp(dir, options);
  const helpers: Pick<FunctionApp, 'invoke' | 'getServerlessInstance'> = {
    invoke(functionName, input, { platform } = {}) {
      return platform ? invokeOnPlatform(platform, app, functionName, input) : invokeLocally(app.functions, functionName, input);
    },
    getServerlessInstance(target, originContext) {
      return getServerlessInstance(app, target, originContext);
    },
  };
  return Object.assign(app, helpers) as FunctionApp & ReturnType<T['getApplication']>;
}

export interface CloseOptions {
  /** Milliseconds to wait once the app is closed. */
  sleep?: number;
  /** Accepted for Midway's tests; Wick writes no logs or run folder, so there is nothing to clean. */
  cleanLogsDir?: boolean;
  cleanTempDir?: boolean;
}

/** Runs onStop and @Destroy, and undoes every mock, as Midway's close does. */
export async function close(app: WickApplication | undefined, options: CloseOptions = {}): Promise<void> {
  if (!app) return;
  try {
    await app.close();
  } finally {
    restoreAllMocks();
  }
  if (options.sleep) await sleep(options.sleep);
}
