import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { type Plugin } from 'esbuild';

/**
 * Where the compiled app sits inside an artifact: in `dist/`, as `wick start` compiles it into `<app>/dist`. The
 * artifact's folder stands for the app's own, so a path from a module to the app's files
 * (`new URL('../public', import.meta.url)`) reaches the assets the build copies beside the bundle.
 */
export const COMPILED_APP_DIR = 'dist';

/**
 * What the bundle changes in the app's own compiled files (in node_modules, only `import.meta`: packageSource), by small text edits
 * that keep tsc's source maps valid (a line's own columns at most, new lines only at the end):
 * - every top-level class keeps its own name: two files may define classes of one name and the bundle
 *   renames one (`PriceService2`), minification renames all, and class names reach DI errors, default
 *   function names and validation messages;
 * - a module's location (`__dirname`, `__filename`, `import.meta.dirname|filename|url`) is where the file
 *   would sit beside the bundle at its path inside the compiled app (under COMPILED_APP_DIR), so
 *   `join(__dirname, './config')` still names the folder whose config files the build bundled, and esbuild's
 *   CommonJS output never leaves `import.meta` an empty object;
 * - `import * as koa from 'wick'` (Midway's `imports: [koa]`, `wick/validation` too) keeps only the members
 *   the file uses: a namespace used as a value would otherwise pull every export of that module into the bundle.
 * In wick's own files, its error classes keep their names too: `err.name` comes from them and reaches the logs.
 */
export function appSources(compiledFolder: string): Plugin {
  return {
    name: 'wick-app-sources',
    setup(build) {
      // esbuild loads files by their real path: an app reached through a symlink must be recognised by its real one.
      const compiledDir = realpathSync(compiledFolder);
      build.onResolve({ filter: /^wick-location:/ }, (args) => ({ path: args.path.slice('wick-location:'.length), namespace: 'wick-location' }));
      build.onLoad({ filter: /.*/, namespace: 'wick-location' }, (args) => ({ contents: locationModule(args.path), loader: 'js', resolveDir: compiledDir }));
      build.onLoad({ filter: /\.[cm]?js$/ }, async (args) => {
        if (args.path.startsWith(WICK_DIST)) return { contents: withErrorClassNames(await readFile(args.path, 'utf8')), loader: 'js' };
        if (!args.path.startsWith(compiledDir + sep)) return packageSource(await readFile(args.path, 'utf8'));
        const relativePath = relative(compiledDir, args.path).split(sep).join('/');
        const source = await readFile(args.path, 'utf8');
        const specifiers = new Set([...source.matchAll(WICK_NAMESPACE)].map((match) => match[3]));
        const exports = new Map(await Promise.all([...specifiers].map(async (specifier) => [specifier, await exportsOf(specifier)] as const)));
        return { contents: appSource(source, relativePath, (specifier) => exports.get(specifier)!), loader: 'js' };
      });
    },
  };
}

const IMPORT_META = /\bimport\.meta\.(dirname|filename|url)\b/g;

/** What a package module's `import.meta` fields become: the bundle's own location, where everything bundled lives. */
const BUNDLE_LOCATION: Record<string, string> = {
  dirname: '__dirname',
  filename: '__filename',
  url: `require('node:url').pathToFileURL(__filename).href`,
};

/**
 * A package's module, edited only where it reads `import.meta` (which esbuild's CommonJS output would leave an
 * empty object, failing `createRequire(import.meta.url)` only when the function runs); undefined leaves it to esbuild.
 */
function packageSource(source: string): { contents: string; loader: 'js' } | undefined {
  if (!source.includes('import.meta')) return undefined;
  return { contents: source.replace(IMPORT_META, (_match, name: string) => BUNDLE_LOCATION[name]), loader: 'js' };
}

/** Paths beside the bundle, whose folder stands for the app's, with the compiled app in COMPILED_APP_DIR. */
function locationModule(relativePath: string): string {
  const inArtifact = `${COMPILED_APP_DIR}/${relativePath}`;
  return [
    `import { join } from 'node:path';`,
    `import { pathToFileURL } from 'node:url';`,
    `export const filename = join(__dirname, ${JSON.stringify(inArtifact)});`,
    `export const dirname = join(__dirname, ${JSON.stringify(inArtifact.slice(0, inArtifact.lastIndexOf('/')))});`,
    `export const url = pathToFileURL(filename).href;`,
  ].join('\n');
}

type ExportNames = (specifier: string) => ReadonlySet<string>;

export function appSource(source: string, relativePath: string, exportNames: ExportNames): string {
  const { code, usesLocation } = withOwnLocation(narrowWickNamespaces(source, exportNames));
  const tail = [
    ...(usesLocation ? [`import * as __wickLocation from ${JSON.stringify(`wick-location:${relativePath}`)};`] : []),
    ...topLevelClasses(code).map(restoredName),
  ];
  return tail.length === 0 ? code : beforeSourceMapComment(code, tail.join('\n'));
}

/** wick's own compiled files, which every bundle is built from. */
const WICK_DIST = join(dirname(createRequire(import.meta.url).resolve('wick/package.json')), 'dist') + sep;

const ERROR_CLASS = /^(?:export\s+)?class\s+([\w$]+)\s+extends\s+[\w$]*Error\b/gm;

function withErrorClassNames(code: string): string {
  const names = [...code.matchAll(ERROR_CLASS)].map((match) => match[1]);
  return names.length === 0 ? code : beforeSourceMapComment(code, names.map(restoredName).join('\n'));
}

function restoredName(name: string): string {
  return `Object.defineProperty(${name}, 'name', { value: ${JSON.stringify(name)}, configurable: true });`;
}

const CLASS_DECLARATION = /^(?:export\s+(?:default\s+)?)?(?:abstract\s+)?class\s+([\w$]+)/gm;
/** TypeScript's output for a decorated class: `let UserService = class UserService {`. */
const CLASS_BINDING = /^(?:export\s+)?(?:let|var|const)\s+([\w$]+)\s*=\s*class\b/gm;

function topLevelClasses(code: string): string[] {
  return [...new Set([...code.matchAll(CLASS_DECLARATION), ...code.matchAll(CLASS_BINDING)].map((match) => match[1]))];
}

/** Imports are hoisted, so the location import works from the end of the file too. */
function beforeSourceMapComment(code: string, addition: string): string {
  const comment = code.lastIndexOf('\n//# sourceMappingURL=');
  return comment === -1 ? `${code}\n${addition}\n` : `${code.slice(0, comment)}\n${addition}${code.slice(comment)}`;
}

/** The module-location expressions, read from the file's own location module; a module's own `const __dirname = ...` stays its own. */
function withOwnLocation(source: string): { code: string; usesLocation: boolean } {
  let usesLocation = false;
  const located = (name: string) => {
    usesLocation = true;
    return `__wickLocation.${name}`;
  };
  const code = source
    .replace(/\bimport\.meta\.(dirname|filename|url)\b/g, (_match, name: string) => located(name))
    .replace(/(?<![.\w$])__(dirname|filename)(?![\w$])/g, (match, name: string) => (declares(source, match) ? match : located(name)));
  return { code, usesLocation };
}

function declares(source: string, identifier: string): boolean {
  return new RegExp(`\\b(?:const|let|var|function)\\s+${identifier}\\b`).test(source);
}

const WICK_NAMESPACE = /^import \* as ([\w$]+) from (['"])(wick(?:\/[\w./-]+)?)\2;?$/gm;

/** The export names of wick's entry points (`wick`, `wick/validation`, ...), read once per build process. */
const exportNameCache = new Map<string, Promise<ReadonlySet<string>>>();

function exportsOf(specifier: string): Promise<ReadonlySet<string>> {
  let names = exportNameCache.get(specifier);
  if (!names) {
    names = import(specifier).then((module: Record<string, unknown>) => new Set(Object.keys(module)));
    exportNameCache.set(specifier, names);
  }
  return names;
}

/** `import * as w from 'wick'` → the named imports of the members the file reads, gathered in an object `w`, on the same line. */
function narrowWickNamespaces(source: string, exportNames: ExportNames): string {
  return source.replace(WICK_NAMESPACE, (_statement, local: string, quote: string, specifier: string) => {
    const exported = exportNames(specifier);
    const members = new Set<string>();
    for (const [, member] of source.matchAll(new RegExp(`(?<![.\\w$])${local.replace(/\$/g, '\\$')}\\.([\\w$]+)`, 'g'))) {
      if (exported.has(member)) members.add(member);
    }
    const names = [...members];
    const imports = names.length > 0 ? `import { ${names.map((name) => `${name} as ${local}$${name}`).join(', ')} } from ${quote}${specifier}${quote}; ` : '';
    return `${imports}const ${local} = Object.freeze({ __proto__: null, ${names.map((name) => `${name}: ${local}$${name}`).join(', ')} });`;
  });
}
