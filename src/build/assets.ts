import { cpSync, existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readPackage } from '../config/load.js';

/**
 * The folders and files the app declares in its package.json (`"wick": { "assets": ["public"] }`), relative to
 * the app: every artifact carries them at the same place, so static files served in server mode
 * (`koa-static`, a path from `import.meta.url` or `__dirname`) are there as a function too. Checked here, so a
 * typo fails the build rather than a request.
 */
export function declaredAssets(appDir: string): string[] {
  const declared = (readPackage(appDir).wick as { assets?: unknown } | undefined)?.assets;
  if (declared === undefined) return [];
  if (!Array.isArray(declared) || !declared.every((entry) => typeof entry === 'string' && entry !== '')) {
    throw new TypeError(`package.json wick.assets must be a list of paths inside the app, got ${JSON.stringify(declared)}`);
  }
  return declared.map((entry) => {
    const path = relative(appDir, resolve(appDir, entry));
    if (path === '' || path.startsWith('..') || isAbsolute(path)) throw new Error(`package.json wick.assets: ${entry} is not inside the app`);
    if (!existsSync(join(appDir, path))) throw new Error(`package.json wick.assets: ${entry} does not exist in ${appDir}`);
    return path.split(sep).join('/');
  });
}

/** Copies the declared assets into a function folder, each at its path inside the app, never over the build's own files. */
export function copyAssets(appDir: string, assets: string[], functionDir: string): void {
  for (const path of assets) {
    if (existsSync(join(functionDir, path))) throw new Error(`package.json wick.assets: ${path} would replace the artifact's own ${path}`);
    cpSync(join(appDir, path), join(functionDir, path), { recursive: true });
  }
}
