// Versions the report names: the installed peers' packages and Wick's own, with its commit.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BENCH = fileURLToPath(new URL('../', import.meta.url));

const manifest = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The installed version of a package under test/bench/node_modules, or the framework's own node_modules. */
export function installed(name, from = BENCH) {
  return manifest(`${from}node_modules/${name}/package.json`).version;
}

export function wickVersion() {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'adapters', 'runtime-host', 'app-template/src'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return `${manifest(`${ROOT}package.json`).version} (${commit}${dirty ? ', with uncommitted changes' : ''})`;
}
