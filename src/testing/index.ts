import supertest from 'supertest';
import { type WickApplication } from '../app/application.js';
import { createApplication, type CreateAppOptions } from '../app/create.js';
import { invokeLocally } from '../functions/invoke.js';
import { invokeOnPlatform, type PlatformName } from '../../adapters/platforms.js';

export type TestAppOptions = Omit<CreateAppOptions, 'appDir'>;

/** Boots the app in `dir` (default: the current directory) from its TypeScript sources. */
export function createApp(dir?: string, options: TestAppOptions = {}): Promise<WickApplication> {
  return createApplication({ ...options, appDir: dir });
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
}

/** Boots the app for function-mode tests. */
export async function createFunctionApp(dir?: string, options: TestAppOptions = {}): Promise<FunctionApp> {
  const app = await createApp(dir, options);
  return Object.assign(app, {
    invoke(functionName: string, input: unknown, { platform }: InvokeOptions = {}) {
      return platform ? invokeOnPlatform(platform, app, functionName, input) : invokeLocally(app.functions, functionName, input);
    },
  });
}

export function close(app: WickApplication | undefined): Promise<void> {
  return app ? app.close() : Promise.resolve();
}
