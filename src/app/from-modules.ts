import { resolve } from 'node:path';
import { type Class } from '../decorators/metadata.js';
import { appInfo, currentEnv, deepMerge, envKeyedConfig, type AppConfig } from '../config/load.js';
import { type ArgumentCompilerFactory } from '../http/route.js';
import { type SessionInstaller } from '../middleware/session-config.js';
import { WickApplication } from './application.js';
import { importedConfigs } from './configs.js';
import { withComponents } from './components.js';

export interface ModulesAppOptions {
  /** The providers this function needs, the app's configuration class included; its `imports` are followed. */
  classes: Class[];
  /** The app's config modules' exports by env: `{ default: …, prod: … }`. */
  configs: Record<string, unknown>;
  /** The `importConfigs` folders the bundle carries, by absolute path, each with its config modules' exports by env. */
  configFolders?: Record<string, Record<string, unknown>>;
  env?: string;
  /** Present only when the function's parameters need it (uploads, DTOs, pipes), so other bundles never load busboy or class-validator. */
  argumentCompiler?: ArgumentCompilerFactory;
  /** Present only when the app's config turns the session on, so other bundles never load koa-session. */
  session?: SessionInstaller;
  /** Where the artifact runs from. */
  dir?: string;
  /** The app's package name and version, for config functions' `appInfo`. */
  pkg?: Record<string, unknown>;
}

/**
 * Boots an app from classes a bundler put together: no directory scanning and no file-system discovery,
 * which is what a function's cold start wants.
 */
export async function createApplicationFromModules(options: ModulesAppOptions): Promise<WickApplication> {
  const env = options.env ?? currentEnv();
  const dir = options.dir ?? process.cwd();
  const info = appInfo(options.pkg ?? {}, dir, dir, env);
  const { providers, configurations } = withComponents(options.classes, env);
  const folders = options.configFolders;
  const loadFolder = folders && (async (path: string) => {
    const configs = folders[resolve(path)];
    if (!configs) throw new Error(`importConfigs folder ${path} is not in this bundle (bundled: ${Object.keys(folders).join(', ')})`);
    return envKeyedConfig(configs, info);
  });
  const config: AppConfig = deepMerge(await importedConfigs(configurations, info, loadFolder), envKeyedConfig(options.configs, info));
  const app = new WickApplication(dir, dir, env);
  return app.start({ providers, configurations, config, argumentCompiler: options.argumentCompiler, session: options.session });
}
