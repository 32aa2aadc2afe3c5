import { join, posix, relative } from 'node:path';
import { COMPILED_APP_DIR } from './app-sources.js';
import { compileApp } from './typescript.js';
import { type BuildPlan } from './plan.js';

export interface BuildCompilation {
  /** The app as its tsconfig compiles it (CommonJS for Midway's boilerplate): planning imports it in Node. */
  nodeDir: string;
  /** The same sources as ES modules with bundler resolution: what esbuild tree-shakes. */
  bundleDir: string;
}

/**
 * esbuild cannot tree-shake `require('wick')`, so a CommonJS app's bundles would carry all of wick. The
 * build compiles twice: once as configured, for reading the metadata in Node, and once keeping the
 * import/export syntax (`--module preserve`), type-checked already, for the bundler. That one always writes
 * source maps, which esbuild follows: a bundle's map leads to the app's .ts files, whatever the tsconfig says.
 */
const BUNDLE_FLAGS = ['--module', 'preserve', '--moduleResolution', 'bundler', '--noCheck', '--declaration', 'false', '--sourceMap', '--inlineSourceMap', 'false'];

export function compileForBuild(appDir: string, compiledDir: string): BuildCompilation {
  const nodeDir = join(compiledDir, 'node');
  const bundleDir = join(compiledDir, 'bundle');
  for (const [outDir, flags] of [[nodeDir, []], [bundleDir, BUNDLE_FLAGS]] as const) {
    const compiled = compileApp(appDir, outDir, { flags: [...flags] });
    if (!compiled.ok) throw new Error(`tsc failed:\n${compiled.output}`);
  }
  return { nodeDir, bundleDir };
}

/**
 * The plan read from the Node compile, pointing at the bundler compile's copies of the same files; the
 * importConfigs folders are named as the app's modules see them beside the bundle (inside COMPILED_APP_DIR).
 */
export function inBundleDir(plan: BuildPlan, { nodeDir, bundleDir }: BuildCompilation): BuildPlan {
  const moved = (file: string) => join(bundleDir, relative(nodeDir, file));
  const movedFiles = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([env, file]) => [env, moved(file)]));
  return {
    ...plan,
    distDir: bundleDir,
    functions: plan.functions.map((fn) => ({ ...fn, imports: fn.imports.map((entry) => (entry.bare ? entry : { ...entry, file: moved(entry.file) })) })),
    configFiles: movedFiles(plan.configFiles),
    configFolders: Object.fromEntries(Object.entries(plan.configFolders).map(([folder, files]) => [posix.join(COMPILED_APP_DIR, folder), movedFiles(files)])),
  };
}
