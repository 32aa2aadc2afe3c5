import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The two shapes an app can take. `commonjs` is Midway's: no `"type"` in package.json, Midway's boilerplate
 * tsconfig, extensionless relative imports, `__dirname`. `esm` is the template's: `"type": "module"`,
 * `module`/`moduleResolution` `nodenext`, relative imports ending in `.js`, `import.meta.dirname`.
 */
export type ModuleStyle = 'commonjs' | 'esm';

/** Midway's boilerplate tsconfig.json, as `midway-init` writes it for a koa app. */
export const MIDWAY_TSCONFIG = {
  compileOnSave: true,
  compilerOptions: {
    target: 'es2018',
    module: 'commonjs',
    moduleResolution: 'node',
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    inlineSourceMap: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    stripInternal: true,
    skipLibCheck: true,
    pretty: true,
    declaration: true,
    forceConsistentCasingInFileNames: true,
    typeRoots: ['./typings', './node_modules/@types'],
    outDir: 'dist',
  },
  exclude: ['dist', 'node_modules', 'test'],
};

/** Folders whose `.ts` files hold the app's relative imports. */
const SOURCE_FOLDERS = ['src', 'test'];

/**
 * Rewrites the app in `dir` in place into `to` style: package.json `"type"`, tsconfig.json (Midway's
 * boilerplate for commonjs; for esm the app's own with `module`/`moduleResolution` `nodenext`, so its other
 * choices, strictness included, stay as they were), and in every `.ts` file under src/ and test/ the
 * relative import specifiers (`./a` ↔ `./a.js`, a folder `./b` → `./b/index.js`) and the module's own
 * location (`__dirname` ↔ `import.meta.dirname`, `__filename` ↔ `import.meta.filename`, Node ≥ 20.11).
 */
export function convertApp(dir: string, to: ModuleStyle): void {
  convertManifest(join(dir, 'package.json'), to);
  const tsconfigPath = join(dir, 'tsconfig.json');
  writeJson(tsconfigPath, to === 'commonjs' ? MIDWAY_TSCONFIG : esmTsconfig(readJson(tsconfigPath)));
  for (const folder of SOURCE_FOLDERS) {
    for (const file of typeScriptFiles(join(dir, folder))) {
      const source = readFileSync(file, 'utf8');
      const converted = convertSource(source, to, dirname(file));
      if (converted !== source) writeFileSync(file, converted);
    }
  }
}

function esmTsconfig(tsconfig: Record<string, unknown>): Record<string, unknown> {
  return { ...tsconfig, compilerOptions: { ...(tsconfig.compilerOptions as object), module: 'nodenext', moduleResolution: 'nodenext' } };
}

function convertManifest(path: string, to: ModuleStyle): void {
  const { type: _type, ...manifest } = readJson(path);
  writeJson(path, to === 'esm' ? { ...manifest, type: 'module' } : manifest);
}

/** Import, export, `import()` and `require()` specifiers that start with `./` or `../` (or are `.`/`..`). */
const RELATIVE_SPECIFIER = /(\b(?:from|import|require)\s*\(?\s*)(['"])(\.\.?(?:\/[^'"\n]*)?)\2/g;
const CJS_LOCATION = /(?<![.\w$])__(dirname|filename)\b/g;
const ESM_LOCATION = /\bimport\.meta\.(dirname|filename)\b/g;

/** One file's text in `to` style; `fileDir` is the file's folder, where specifiers are resolved to pick `.js` or `/index.js`. */
function convertSource(source: string, to: ModuleStyle, fileDir: string): string {
  const specifiers = source.replace(RELATIVE_SPECIFIER, (_match, lead: string, quote: string, specifier: string) =>
    `${lead}${quote}${to === 'esm' ? withExtension(specifier, fileDir) : withoutExtension(specifier)}${quote}`);
  return to === 'esm'
    ? specifiers.replace(CJS_LOCATION, (_match, name: string) => `import.meta.${name}`)
    : specifiers.replace(ESM_LOCATION, (_match, name: string) => `__${name}`);
}

function withExtension(specifier: string, fileDir: string): string {
  if (/\.(?:[cm]?js|json|node)$/.test(specifier)) return specifier;
  const target = join(fileDir, specifier);
  if (!existsSync(`${target}.ts`) && existsSync(join(target, 'index.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  return `${specifier}.js`;
}

function withoutExtension(specifier: string): string {
  return specifier.replace(/\.js$/, '');
}

function typeScriptFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.split(/[\\/]/).includes('node_modules'))
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}
