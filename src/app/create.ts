import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { appInfo, currentEnv, deepMerge, readPackage, type AppConfig } from '../config/load.js';
import { dtoValidation } from '../validation/dto.js';
import { composeArgumentCompilers } from '../http/route.js';
import { multipartArguments } from '../http/multipart.js';
import { pipeArguments } from '../http/pipes.js';
import { checkRouteParams } from './route-params.js';
import { koaSession } from '../middleware/session.js';
import { WickApplication } from './application.js';
import { loadAppConfig } from './configs.js';
import { scanApp } from './scan.js';
import { serverLogger } from './server-logger.js';
import { checkCronSchedules } from '../functions/schedule.js';

export interface CreateAppOptions {
  /** The project folder (holding src/ or dist/). Defaults to the current directory. */
  appDir?: string;
  /** Where the decorated classes and config/ live. Defaults to `<appDir>/src`. */
  baseDir?: string;
  /** Overrides WICK_ENV / NODE_ENV. */
  env?: string;
  /** Deep-merged over every config file: handy in tests. */
  config?: AppConfig;
}

/** Boots an app from a folder: finds the decorated classes under baseDir and loads config/ files. */
export async function createApplication(options: CreateAppOptions = {}): Promise<WickApplication> {
  const appDir = resolve(options.appDir ?? process.cwd());
  const baseDir = resolve(appDir, options.baseDir ?? 'src');
  if (!existsSync(baseDir)) throw new Error(`no source folder at ${baseDir}`);
  const env = options.env ?? currentEnv();
  const { providers, configurations } = await scanApp(baseDir, env);
  const info = appInfo(readPackage(appDir), appDir, baseDir, env);
  const config = deepMerge(await loadAppConfig(configurations, info), options.config ?? {});
  const app = new WickApplication(appDir, baseDir, env);
  return app.start({
    providers,
    configurations,
    config,
    argumentCompiler: (merged, container) => composeArgumentCompilers([multipartArguments(merged), dtoValidation(merged.validation), pipeArguments(container)]),
    checkFunctions: (functions) => {
      checkCronSchedules(functions);
      checkRouteParams(functions);
    },
    createLogger: serverLogger,
    session: koaSession,
  });
}
