import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { type Class } from '../decorators/metadata.js';
import { classesIn, withComponents, type AppClasses } from './components.js';
import { importModule } from '../config/import-module.js';

const SOURCE = /\.(ts|mts|js|mjs|cjs)$/;
const SKIPPED = /(\.d\.ts|\.(test|spec)\.[cm]?[jt]s|\.map)$/;

/** Source files under baseDir that may hold decorated classes; `<baseDir>/config` holds config files, loaded separately. */
function listSourceFiles(baseDir: string): string[] {
  return (readdirSync(baseDir, { recursive: true }) as string[])
    .filter((file) => SOURCE.test(file) && !SKIPPED.test(file))
    .filter((file) => {
      const parts = file.split(sep);
      return parts[0] !== 'config' && !parts.some((part) => part === 'node_modules' || part.startsWith('.'));
    })
    .sort()
    .map((file) => join(baseDir, file));
}

interface ScanResult extends AppClasses {
  /** The file each class under baseDir was exported from (component classes have none). */
  files: Map<Class, string>;
}

/** Imports every source file once and collects the decorated classes, following `imports` (those enabled in `env`, when given). */
export async function scanApp(baseDir: string, env?: string): Promise<ScanResult> {
  const files = new Map<Class, string>();
  for (const file of listSourceFiles(baseDir)) {
    for (const target of classesIn(await importModule(file))) if (!files.has(target)) files.set(target, file);
  }
  return { ...withComponents([...files.keys()], env), files };
}
