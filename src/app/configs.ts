import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type ConfigurationOptions } from '../decorators/configuration.js';
import { join, resolve } from 'node:path';
import { deepMerge, envKeyedConfig, loadConfigDir, type AppConfig, type AppInfo } from '../config/load.js';

/**
 * The config the configuration classes bring through `importConfigs`, in import order. Folder entries
 * need a loader (file-based boot); a bundled artifact has none and says so.
 */
export async function importedConfigs(
  configurations: Class[],
  info: AppInfo,
  loadFolder?: (path: string) => Promise<AppConfig>,
): Promise<AppConfig> {
  let config: AppConfig = {};
  for (const target of configurations) {
    const options = readOwn<ConfigurationOptions>(KEYS.configuration, target) ?? {};
    for (const entry of [options.importConfigs ?? []].flat()) {
      if (typeof entry !== 'string') config = deepMerge(config, envKeyedConfig(entry, info));
      else if (loadFolder) config = deepMerge(config, await loadFolder(entry));
      else throw new Error(`${target.name}: importConfigs folder ${JSON.stringify(entry)} cannot be read in a bundled function; import the config objects instead`);
    }
  }
  return config;
}

/** An app's config for one env from its files: what `importConfigs` brings, then `<baseDir>/config`. */
export async function loadAppConfig(configurations: Class[], info: AppInfo): Promise<AppConfig> {
  const imported = await importedConfigs(configurations, info, (path) => loadConfigDir(resolve(info.baseDir, path), info));
  return deepMerge(imported, await loadConfigDir(join(info.baseDir, 'config'), info));
}
