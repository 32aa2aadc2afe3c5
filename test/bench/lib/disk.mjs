// Bytes on disk: a folder's files, and what a server needs installed (its packages and their dependencies).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bytes of every file under a folder; nested node_modules left out when asked (they are packages of their own). */
export function folderBytes(dir, { nodeModules = true } = {}) {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sum + (nodeModules || entry.name !== 'node_modules' ? folderBytes(path, { nodeModules }) : 0);
    return sum + (entry.isFile() ? statSync(path).size : 0);
  }, 0);
}

/** Where Node finds package `name` from `fromDir`: the nearest node_modules/<name> up the tree. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Bytes of the packages `names` resolve to from `fromDir` and of every dependency they pull in (dependencies and the
 * optional ones installed), each package folder counted once.
 */
export function installedBytes(names, fromDir) {
  const seen = new Set();
  const visit = (name, from) => {
    const dir = packageDir(name, from);
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) visit(dependency, dir);
  };
  for (const name of names) visit(name, fromDir);
  return [...seen].reduce((sum, dir) => sum + folderBytes(dir, { nodeModules: false }), 0);
}
