import { KEYS, writeOwn, type Class } from './metadata.js';
import { markProvider } from './provide.js';

/** Something `imports` accepts: another configuration class, or a module whose exports hold decorated classes. */
export type ImportedComponent = Class | Record<string, unknown>;

/** Config objects keyed by environment (`default`, `local`, `prod`, ...), or a directory of config.<env> files. */
export type ImportedConfig = Record<string, unknown> | string;

export interface ConfigurationOptions {
  imports?: ImportedComponent[];
  importConfigs?: ImportedConfig[];
}

export function Configuration(options: ConfigurationOptions = {}): ClassDecorator {
  return (target) => {
    markProvider(target as unknown as Class);
    writeOwn(KEYS.configuration, options, target);
  };
}
