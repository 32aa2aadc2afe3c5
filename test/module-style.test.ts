import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIDWAY_TSCONFIG, convertApp } from '../src/cli/module-style.js';
import { compileApp } from '../src/build/typescript.js';
import { ROOT } from './helpers/paths.js';

/** A CommonJS app in Midway's shape: extensionless imports, a folder import, `__dirname`. */
const CJS_APP: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shape', version: '1.0.0', dependencies: {} }, null, 2) + '\n',
  'tsconfig.json': JSON.stringify(MIDWAY_TSCONFIG, null, 2) + '\n',
  'src/configuration.ts': [
    "import { join } from 'node:path';",
    "import { greet } from './service';",
    "import type { Greeting } from './service/types';",
    "export * from './service/types';",
    "export const configDir = join(__dirname, './config');",
    'export const file: string = __filename;',
    "export const greeting: Greeting = greet('ada');",
    "export const lazy = () => import('./service/types');",
    '',
  ].join('\n'),
  'src/service/index.ts': "import { Greeting } from './types';\nexport const greet = (name: string): Greeting => ({ text: `hello ${name}` });\n",
  'src/service/types.ts': 'export interface Greeting { text: string }\nexport const KIND = "greeting";\n',
  'test/shape.test.ts': "import { greet } from '../src/service';\nimport * as pkg from 'node:path';\nvoid greet; void pkg;\n",
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function writeApp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wick-module-style-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const readJson = (dir: string, path: string) => JSON.parse(read(dir, path));

describe('convertApp', () => {
  it('turns a Midway-shaped CommonJS app into an ES module app', () => {
    const dir = writeApp(CJS_APP);
    convertApp(dir, 'esm');

    expect(readJson(dir, 'package.json')).toEqual({ name: 'shape', version: '1.0.0', dependencies: {}, type: 'module' });
    expect(readJson(dir, 'tsconfig.json')).toEqual({ ...MIDWAY_TSCONFIG, compilerOptions: { ...MIDWAY_TSCONFIG.compilerOptions, module: 'nodenext', moduleResolution: 'nodenext' } });
    expect(read(dir, 'src/configuration.ts')).toBe([
      "import { join } from 'node:path';",
      "import { greet } from './service/index.js';",
      "import type { Greeting } from './service/types.js';",
      "export * from './service/types.js';",
      "export const configDir = join(import.meta.dirname, './config');",
      'export const file: string = import.meta.filename;',
      "export const greeting: Greeting = greet('ada');",
      "export const lazy = () => import('./service/types.js');",
      '',
    ].join('\n'));
    expect(read(dir, 'src/service/index.ts')).toContain("from './types.js'");
    expect(read(dir, 'test/shape.test.ts')).toContain("from '../src/service/index.js'");
    expect(read(dir, 'test/shape.test.ts')).toContain("from 'node:path'");
  });

  it('turns the ES module form back into CommonJS with Midway\'s tsconfig', () => {
    const dir = writeApp(CJS_APP);
    convertApp(dir, 'esm');
    convertApp(dir, 'commonjs');

    expect(readJson(dir, 'package.json')).toEqual({ name: 'shape', version: '1.0.0', dependencies: {} });
    expect(readJson(dir, 'tsconfig.json')).toEqual(MIDWAY_TSCONFIG);
    // A folder import comes back naming its index file: the same module for CommonJS resolution.
    expect(read(dir, 'src/configuration.ts')).toBe(CJS_APP['src/configuration.ts'].replace("'./service'", "'./service/index'"));
    expect(read(dir, 'src/service/index.ts')).toBe(CJS_APP['src/service/index.ts']);
  });

  it('leaves an app that already has the asked form as it is', () => {
    const dir = writeApp(CJS_APP);
    convertApp(dir, 'commonjs');
    for (const [path, text] of Object.entries(CJS_APP)) expect(read(dir, path), path).toBe(text);

    convertApp(dir, 'esm');
    const esm = Object.fromEntries(Object.keys(CJS_APP).map((path) => [path, read(dir, path)]));
    convertApp(dir, 'esm');
    for (const [path, text] of Object.entries(esm)) expect(read(dir, path), path).toBe(text);
  });

  it('gives an ES module app that compiles and runs under Node', () => {
    const dir = writeApp({ ...CJS_APP, 'tsconfig.json': readFileSync(join(ROOT, 'app-template/tsconfig.json'), 'utf8') });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    convertApp(dir, 'esm');

    const compiled = compileApp(dir);
    expect(compiled.output).toBe('');
    expect(compiled.ok).toBe(true);
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e',
      "const m = await import('./dist/configuration.js'); console.log(JSON.stringify([m.configDir, m.file, m.greeting, (await m.lazy()).KIND]))"], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(printed)).toEqual([join(dir, 'dist/config'), join(dir, 'dist/configuration.js'), { text: 'hello ada' }, 'greeting']);
  });
});
