import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { describeOverrides, missingDecoratorOptions, ts7Overrides, type ResolvedTsconfig } from './tsconfig-compat.js';

export interface Compiler {
  version: string;
  /** The typescript package folder. */
  path: string;
  tsc: string;
  /** The app installed its own typescript (rather than using the one wick ships with). */
  own: boolean;
}

function compilerAt(manifestPath: string, own: boolean): Compiler {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const path = dirname(manifestPath);
  return { version: manifest.version, path, tsc: join(path, manifest.bin.tsc), own };
}

/** The app's own typescript when it can resolve one, else the one wick depends on. */
function findCompiler(appDir: string): Compiler {
  const wicks = createRequire(import.meta.url).resolve('typescript/package.json');
  let apps: string | undefined;
  try {
    apps = createRequire(join(appDir, 'package.json')).resolve('typescript/package.json');
  } catch {
    // the app has no typescript of its own
  }
  return compilerAt(apps ?? wicks, apps !== undefined && apps !== wicks);
}

/** The packages under every node_modules/@types from `dir` up: what TypeScript 5 loaded by default. */
function visibleTypes(dir: string): string[] {
  const found = new Set<string>();
  for (let current = dir; ; current = dirname(current)) {
    const folder = join(current, 'node_modules', '@types');
    if (existsSync(folder)) for (const name of readdirSync(folder)) if (!name.startsWith('.')) found.add(name);
    if (dirname(current) === current) return [...found].sort();
  }
}

const said = new Set<string>();

/** `wick dev` compiles on every change: each note is worth reading once. */
function sayOnce(line: string): void {
  if (said.has(line)) return;
  said.add(line);
  process.stderr.write(`${line}\n`);
}

function runTsc(compiler: Compiler, args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [compiler.tsc, ...args], { cwd, encoding: 'utf8' });
  return { ok: result.status === 0, stdout: result.stdout ?? '', output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}` };
}

/**
 * The tsconfig as the compiler reads it (extends applied); it prints this even for options it then refuses.
 * Undefined when it cannot (no tsconfig.json, a syntax error): the compile then reports why.
 */
function showConfig(compiler: Compiler, tsconfig: string): ResolvedTsconfig | undefined {
  const shown = runTsc(compiler, ['--showConfig', '-p', tsconfig], dirname(tsconfig));
  try {
    return JSON.parse(shown.stdout);
  } catch {
    return undefined;
  }
}

export interface CompileOptions {
  /** Extra tsc flags, applied after wick's own mapping (the build's bundler-friendly second compile). */
  flags?: string[];
}

/**
 * Cleans the output folder (default `<appDir>/dist`) and compiles the app into it with the app's tsconfig.json;
 * returns tsc's output and whether it succeeded. With TypeScript 7, what it removed from older tsconfigs
 * (Midway's boilerplate among them) is mapped to what it accepts, and said in one line on stderr.
 */
export function compileApp(appDir: string, outDir = join(appDir, 'dist'), options: CompileOptions = {}): { ok: boolean; output: string } {
  const compiler = findCompiler(appDir);
  if (compiler.own) sayOnce(`wick: compiler: typescript ${compiler.version} (${compiler.path})`);
  const tsconfig = join(appDir, 'tsconfig.json');
  const resolved = showConfig(compiler, tsconfig);
  const missing = resolved ? missingDecoratorOptions(resolved) : [];
  if (missing.length > 0) {
    const settings = missing.map((option) => `"${option}": true`).join(' and ');
    return { ok: false, output: `${tsconfig}: compilerOptions needs ${settings}: wick's decorators, dependency injection by type and parameter validation rely on ${missing.join(' and ')}\n` };
  }
  const overrides = resolved && Number.parseInt(compiler.version, 10) >= 7 ? ts7Overrides(resolved, appDir, visibleTypes(appDir)) : undefined;
  const line = overrides && describeOverrides(overrides);
  if (line) sayOnce(line);
  // Paths in a tsconfig are relative to it: the generated one lives beside the app's and extends it.
  const generated = overrides && Object.keys(overrides.compilerOptions).length > 0 ? join(appDir, `tsconfig.wick-${process.pid}-${Date.now()}.json`) : undefined;
  rmSync(outDir, { recursive: true, force: true });
  try {
    if (generated) writeFileSync(generated, JSON.stringify({ extends: `./${basename(tsconfig)}`, compilerOptions: overrides!.compilerOptions }, null, 2));
    const result = runTsc(compiler, ['-p', generated ?? tsconfig, ...(overrides?.flags ?? []), ...(options.flags ?? []), '--outDir', outDir], appDir);
    return { ok: result.ok, output: result.output };
  } finally {
    if (generated) rmSync(generated, { force: true });
  }
}
