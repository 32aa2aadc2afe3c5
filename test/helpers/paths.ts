import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export function fixtureApp(name: string): string {
  return fileURLToPath(new URL(`../fixtures/apps/${name}/`, import.meta.url));
}

/**
 * A temp copy of an app folder (without its node_modules and build output) whose node_modules is this repo's,
 * where `wick` links to this checkout. The caller removes it.
 */
export function scratchCopy(appDir: string, prefix = 'wick-app-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const skipped = new Set(['node_modules', 'dist', '.wick', '.wick-compiled']);
  cpSync(appDir, dir, { recursive: true, filter: (source) => !skipped.has(basename(source)) });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
