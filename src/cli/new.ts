import { cpSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertApp, type ModuleStyle } from './module-style.js';

/** The wick checkout or installed package this CLI runs from. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const NOT_COPIED = new Set(['node_modules', 'dist', '.wick', 'package-lock.json']);

/**
 * `wick new <dir>`: copies app-template and points its `wick` dependency at this package with a
 * `file:` specifier, so a new app runs against the exact framework that created it. The template is
 * ES modules; `commonjs` gives Midway's shape.
 */
export function createProject(target: string, style: ModuleStyle = 'esm'): string {
  const dir = resolve(target);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} exists and is not empty`);
  const template = join(PACKAGE_ROOT, 'app-template');
  cpSync(template, dir, { recursive: true, filter: (source) => !NOT_COPIED.has(basename(source)) });
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.name = basename(dir).toLowerCase().replace(/[^a-z0-9-_.]/g, '-');
  manifest.dependencies = { ...manifest.dependencies, wick: `file:${PACKAGE_ROOT.replace(/\/$/, '')}` };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  // Written here rather than shipped: npm leaves .gitignore files out of published packages.
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\ndist/\n.wick/\n.wick-compiled/\n');
  if (style === 'commonjs') {
    convertApp(dir, 'commonjs');
    // Midway's tsconfig compiles every .ts file outside test/: a vitest.config.ts would land in dist/ and move
    // the output's root up to dist/src/. The same config as plain ES module JavaScript stays out of the compile.
    renameSync(join(dir, 'vitest.config.ts'), join(dir, 'vitest.config.mjs'));
  }
  return dir;
}
