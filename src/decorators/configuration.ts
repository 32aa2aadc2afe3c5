import { KEYS, writeOwn, type Class } from './metadata.js';
import { markProvider } from './provide.js';

/** Another configuration class, or a module whose exports hold decorated classes (none is fine: `import * as koa from 'wick'`). */
export type ComponentModule = Class | Record<string, unknown>;

/** Midway's `{ component, enabledEnvironment }`: the component is imported only in those environments. */
export interface ComponentInfo {
  component: ComponentModule;
  enabledEnvironment?: string[];
}

/** Something `imports` accepts. */
export type ImportedComponent = ComponentModule | ComponentInfo;

/** Config objects keyed by environment (`default`, `local`, `prod`, ...), or a directory of config.<env> files. */
type ImportedConfig = Record<string, unknown> | string;

export interface ConfigurationOptions {
  imports?: ImportedComponent[];
  /** A list, or (as Midway also accepts) one env-keyed object. */
  importConfigs?: ImportedConfig[] | Record<string, unknown>;
  /** Accepted for Midway compatibility: Wick has one container, so a namespace changes nothing. */
  namespace?: string;
  /** Accepted for Midway compatibility: two providers with one id do not fail the boot (the first keeps the id). */
  conflictCheck?: boolean;
}

export function Configuration(options: ConfigurationOptions = {}): ClassDecorator {
  return (target) => {
    markProvider(target as unknown as Class);
    writeOwn(KEYS.configuration, options, target);
  };
}
