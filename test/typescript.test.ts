import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileApp } from '../src/build/typescript.js';
import { ts7Overrides } from '../src/build/tsconfig-compat.js';
import { CLI, ROOT, fixtureApp, scratchCopy } from './helpers/paths.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function writeApp(files: Record<string, string>): string {
  const dir = scratch('wick-tsconfig-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function midwayApp(): string {
  const dir = scratchCopy(fixtureApp('cjs-shape'), 'wick-tsconfig-midway-');
  dirs.push(dir);
  return dir;
}

function routes(dir: string) {
  return spawnSync(process.execPath, [CLI, 'routes', dir], { encoding: 'utf8' });
}

describe("Midway's tsconfig under TypeScript 7", () => {
  it('compiles unchanged, says in one line what it mapped, and lays the output out as TypeScript 5 did', () => {
    const dir = midwayApp();
    const tsconfig = readFileSync(join(dir, 'tsconfig.json'), 'utf8');
    const result = routes(dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('wick:'))).toEqual([
      'wick: tsconfig: moduleResolution node → bundler, strict unset → false, rootDir unset → src (TypeScript 7 dropped these or changed their defaults; wick compiles as TypeScript 5 did)',
    ]);
    expect(result.stdout).toMatch(/GET\s+\/quote\s+QuoteController\.quote/);
    expect(existsSync(join(dir, 'dist', 'configuration.js'))).toBe(true);
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).toBe(tsconfig);
    expect(readdirSync(dir).filter((name) => name.startsWith('tsconfig.'))).toEqual(['tsconfig.json']);
  });

  it('loads every @types package when the tsconfig names none, as TypeScript 5 did (require, __dirname, process)', () => {
    const dir = writeApp({
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', experimentalDecorators: true, emitDecoratorMetadata: true, outDir: 'dist' } }),
      'src/where.ts': "const os = require('os');\nexport const where = () => [__dirname, process.env.HOME, os.hostname()];\n",
    });
    const compiled = compileApp(dir);
    expect(compiled.output).toBe('');
    expect(compiled.ok).toBe(true);
  });

  it('maps every option TypeScript 7 removed, through flags or a generated tsconfig it removes afterwards', () => {
    const dir = writeApp({
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'ES5', module: 'UMD', moduleResolution: 'Classic', esModuleInterop: false, allowSyntheticDefaultImports: false,
          alwaysStrict: false, baseUrl: './src', paths: { '@lib/*': ['lib/*'] }, downlevelIteration: true, outFile: 'out.js',
          experimentalDecorators: true, emitDecoratorMetadata: true, outDir: 'dist',
        },
      }),
      'src/lib/rate.ts': 'export const rate: number = 2;\n',
      'src/lib/fee.ts': 'export const fee = 1;\n',
      // One import through baseUrl alone, one through a paths pattern relative to it.
      'src/price.ts': "import { rate } from 'lib/rate';\nimport { fee } from '@lib/fee';\nexport const price = (amount: number) => amount * rate + fee;\n",
    });
    const compiled = compileApp(dir);
    expect(compiled.output).toBe('');
    expect(compiled.ok).toBe(true);
    expect(readFileSync(join(dir, 'dist', 'price.js'), 'utf8')).toContain('require("lib/rate")');
    expect(readdirSync(dir).filter((name) => name.startsWith('tsconfig.'))).toEqual(['tsconfig.json']);
  });

  it('lists the mapping as a table: what each removed option becomes', () => {
    const overrides = ts7Overrides(
      {
        compilerOptions: {
          target: 'es5', module: 'amd', moduleResolution: 'node10', esModuleInterop: false, allowSyntheticDefaultImports: false,
          alwaysStrict: false, baseUrl: '.', downlevelIteration: true, outFile: './out.js',
        },
        files: ['./src/a.ts', './src/deep/b.ts', './typings/extra.d.ts'],
      },
      '/app',
      ['koa', 'node'],
    );
    expect(overrides.changes).toEqual([
      'module amd → commonjs',
      'moduleResolution node10 → bundler',
      'target es5 → es2015',
      'esModuleInterop false → true',
      'allowSyntheticDefaultImports false → true',
      'alwaysStrict false → true',
      'strict unset → false',
      'types unset → every @types package (2)',
      'baseUrl → paths',
      'downlevelIteration dropped',
      'outFile dropped',
      'rootDir unset → src',
    ]);
    expect(overrides.compilerOptions).toEqual({ baseUrl: null, paths: { '*': ['./*'] }, downlevelIteration: null, outFile: null });
    expect(overrides.flags).toEqual(expect.arrayContaining(['--types', 'koa,node', '--strict', 'false', '--rootDir', '/app/src']));
    // A node16/nodenext module keeps its own resolution; a set strict and rootDir stay as they are.
    expect(ts7Overrides({ compilerOptions: { module: 'nodenext', moduleResolution: 'node', strict: true, rootDir: 'src' } }, '/app').flags).toEqual([
      '--moduleResolution', 'nodenext',
    ]);
  });

  it.each(['experimentalDecorators', 'emitDecoratorMetadata'])('refuses a tsconfig without %s, naming it', (option) => {
    const dir = writeApp({
      'tsconfig.json': JSON.stringify({ compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true, [option]: undefined, outDir: 'dist' } }),
      'src/a.ts': 'export const a = 1;\n',
    });
    const compiled = compileApp(dir);
    expect(compiled.ok).toBe(false);
    expect(compiled.output).toContain(`compilerOptions needs "${option}": true`);
  });
});

describe("the app's own typescript", () => {
  it('is the compiler wick uses, named on stderr; a TypeScript 5 compiler gets no TypeScript 7 mappings', () => {
    const prefix = scratch('wick-ts5-');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--prefix', prefix, 'typescript@5.9.3'], { stdio: 'pipe' });
    const dir = midwayApp();
    // The fixture's node_modules is this repo's; the app gets a folder of its own holding typescript 5 beside links to the rest.
    rmSync(join(dir, 'node_modules'));
    mkdirSync(join(dir, 'node_modules'));
    for (const name of ['wick', '@types']) symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
    symlinkSync(join(prefix, 'node_modules', 'typescript'), join(dir, 'node_modules', 'typescript'));

    const result = routes(dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('wick:'))).toEqual([
      `wick: compiler: typescript 5.9.3 (${join(prefix, 'node_modules', 'typescript')})`,
    ]);
    expect(result.stdout).toMatch(/GET\s+\/quote\s+QuoteController\.quote/);
  }, 120_000);
});
