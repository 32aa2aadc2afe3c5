import { cpSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Packages a bundle keeps external because they load a native addon (a `.node` file esbuild cannot bundle): the
 * sqlite store driver's better-sqlite3. A function that may load one gets its run-time files in its own
 * node_modules, beside index.js and in its zip.
 */
export const NATIVE_PACKAGES = ['better-sqlite3'];

/** What each package needs at run time (not its C sources, nor its build's objects), and the packages it requires. */
const RUNTIME_FILES: Record<string, { files: string[]; requires: string[] }> = {
  'better-sqlite3': { files: ['package.json', 'LICENSE', 'lib', 'build/Release/better_sqlite3.node'], requires: ['bindings'] },
  bindings: { files: ['package.json', 'LICENSE.md', 'bindings.js'], requires: ['file-uri-to-path'] },
  'file-uri-to-path': { files: ['package.json', 'LICENSE', 'index.js'], requires: [] },
};

/** Copies better-sqlite3 as wick resolves it (the copy `npm install` built for this machine) into `<functionDir>/node_modules`. */
export function copyNativePackages(functionDir: string): void {
  const copy = (name: string, from: string) => {
    const packageDir = dirname(createRequire(from).resolve(`${name}/package.json`));
    const { files, requires } = RUNTIME_FILES[name];
    for (const file of files) {
      const source = join(packageDir, file);
      if (!existsSync(source)) throw new Error(`${name} has no ${file} at ${packageDir}: reinstall it (npm rebuild ${name})`);
      cpSync(source, join(functionDir, 'node_modules', name, file), { recursive: true });
    }
    for (const dependency of requires) copy(dependency, join(packageDir, 'package.json'));
  };
  for (const name of NATIVE_PACKAGES) copy(name, import.meta.url);
}

/**
 * The copied addon is built for the build machine's OS, CPU and Node ABI; a platform whose runtime differs cannot
 * load it. Undefined when they match (and always for wick host, which runs the bundles on this machine's Node).
 */
export function nativeMismatch(platform: string, runtimeNode: number): string | undefined {
  const local = Number(process.versions.node.split('.')[0]);
  if (platform === 'host') return undefined;
  const here = `${process.platform}-${process.arch}, Node ${local}`;
  if (process.platform === 'linux' && process.arch === 'x64' && runtimeNode === local) return undefined;
  return `better-sqlite3 was built for ${here}; the ${platform} runtime is linux-x64 Node ${runtimeNode}, which cannot load it: choose the redis store driver for the env the platform runs, or build on a machine like the runtime`;
}
