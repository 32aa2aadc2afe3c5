import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type ComponentInfo, type ComponentModule, type ConfigurationOptions, type ImportedComponent } from '../decorators/configuration.js';
import { isProvider } from '../container/providers.js';

export interface AppClasses {
  providers: Class[];
  /** Configuration classes, imported components first, the app's own last. */
  configurations: Class[];
}

export function classesIn(module: Record<string, unknown>): Class[] {
  return Object.values(module).filter(isProvider);
}

function isConfiguration(target: Class): boolean {
  return readOwn(KEYS.configuration, target) !== undefined;
}

function isComponentInfo(entry: ImportedComponent): entry is ComponentInfo {
  return typeof entry === 'object' && entry !== null && 'component' in entry && !isProvider((entry as ComponentInfo).component);
}

/** The component an `imports` entry names, or undefined when its `enabledEnvironment` leaves this env out. */
function componentFor(entry: ImportedComponent, env: string | undefined): ComponentModule | undefined {
  if (!isComponentInfo(entry)) return entry;
  const { component, enabledEnvironment } = entry;
  return env === undefined || !enabledEnvironment || enabledEnvironment.includes(env) ? component : undefined;
}

/**
 * Adds what the configuration classes `imports` (components), depth first, each once. Without an env
 * (the build, which plans for every env) components limited to some environments are all included.
 */
export function withComponents(classes: Class[], env?: string): AppClasses {
  const providers = new Set(classes);
  const configurations: Class[] = [];
  const visited = new Set<Class>();
  const visit = (entry: ImportedComponent) => {
    const component = componentFor(entry, env);
    if (component === undefined) return;
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
