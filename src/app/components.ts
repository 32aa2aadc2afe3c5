import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type ConfigurationOptions, type ImportedComponent } from '../decorators/configuration.js';
import { isProvider } from '../container/providers.js';

export interface AppClasses {
  providers: Class[];
  /** Configuration classes, imported components first, the app's own last. */
  configurations: Class[];
}

export function classesIn(module: Record<string, unknown>): Class[] {
  return Object.values(module).filter(isProvider);
}

export function isConfiguration(target: Class): boolean {
  return readOwn(KEYS.configuration, target) !== undefined;
}

/** Adds what the configuration classes `imports` (components), depth first, each once. */
export function withComponents(classes: Class[]): AppClasses {
  const providers = new Set(classes);
  const configurations: Class[] = [];
  const visited = new Set<Class>();
  const visit = (component: ImportedComponent) => {
    const found = typeof component === 'function' ? [component as Class] : classesIn(component);
    for (const target of found) {
      if (visited.has(target)) continue;
      visited.add(target);
      providers.add(target);
      if (!isConfiguration(target)) continue;
      const options = readOwn<ConfigurationOptions>(KEYS.configuration, target) ?? {};
      (options.imports ?? []).forEach(visit);
      configurations.push(target);
    }
  };
  classes.filter(isConfiguration).forEach(visit);
  return { providers: [...providers], configurations };
}
