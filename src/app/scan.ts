import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type ConfigurationOptions, type ImportedComponent } from '../decorators/configuration.js';
import { isProvider } from '../container/providers.js';
import { importModule } from './import-module.js';

const SOURCE = /\.(ts|mts|js|mjs|cjs)$/;
const SKIPPED = /(\.d\.ts|\.(test|spec)\.[cm]?[jt]s|\.map)$/;

/** Source files under baseDir that may hold decorated classes; config files are loaded separately. */
export function listSourceFiles(baseDir: string): string[] {
  return (readdirSync(baseDir, { recursive: true }) as string[])
    .filter((file) => SOURCE.test(file) && !SKIPPED.test(file))
    .filter((file) => !file.split(sep).some((part) => part === 'node_modules' || part === 'config' || part.startsWith('.')))
    .sort()
    .map((file) => join(baseDir, file));
}

export interface ScanResult {
  providers: Class[];
  /** Configuration classes, imported components first, the app's own last. */
  configurations: Class[];
}

function classesIn(module: Record<string, unknown>): Class[] {
  return Object.values(module).filter(isProvider);
}

function isConfiguration(target: Class): boolean {
  return readOwn(KEYS.configuration, target) !== undefined;
}

/** Imports every source file once and collects the decorated classes, following `imports`. */
export async function scanApp(baseDir: string): Promise<ScanResult> {
  const providers = new Set<Class>();
  for (const file of listSourceFiles(baseDir)) {
    for (const target of classesIn(await importModule(file))) providers.add(target);
  }
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
  [...providers].filter(isConfiguration).forEach(visit);
  return { providers: [...providers], configurations };
}
