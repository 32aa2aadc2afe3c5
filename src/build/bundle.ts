import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { PLATFORMS, type PlatformName } from '../../adapters/registry.js';
import { appSources } from './app-sources.js';
import { NATIVE_PACKAGES } from './native-packages.js';
import { storeDrivers } from './store-drivers.js';
import { STORE_DRIVERS, type StoreDriverName } from '../store/config.js';
import { koaColdStart } from './koa-cold-start.js';
import { slimMimeTypes } from './slim-mime-types.js';
import { SLIM_REFLECT_METADATA } from './slim-reflect-metadata.js';

/** Packages are resolved as wick itself resolves them: that is the copy Koa and the core use, wherever the app is. */
const requireFromWick = createRequire(import.meta.url);

/** compactMimeDb(), computed once for every bundle of the build. */
let slimMimeDbSource: string | undefined;

/** Serves a package from source the build writes itself, in place of the copy in node_modules: one module for every specifier named. */
function replacePackage(name: string, source: () => string, specifiers = [name]): Plugin {
  const namespace = `wick-${name}`;
  return {
    name: `wick-slim-${name}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(?:${specifiers.join('|')})$`) }, () => ({ path: name, namespace }));
      build.onLoad({ filter: /.*/, namespace }, () => ({ contents: source(), loader: 'js' }));
    },
  };
}

/**
 * mime-db ships ~200 KB of JSON and a dependency tree often holds two copies. mime-types (Koa's `ctx.type`, type-is,
 * koa-static/send) reads `source`, `extensions` and `charset`; compressible (koa-compress) reads `compressible`;
 * @koa/cors reads none. Ship one copy, as compact lines that rebuild the same objects when the module loads: every
 * type with extensions or a charset, with all four fields, and the types that carry only `compressible` where
 * compressible's own fallback (COMPRESSIBLE_TYPE_REGEXP, copied below) would decide otherwise without them (a
 * `false` it would answer as `undefined` is the same decision: koa-compress and compression skip both).
 */
const slimMimeDb = () => replacePackage('mime-db', () => (slimMimeDbSource ??= compactMimeDb()));

interface MimeEntry {
  source?: string;
  extensions?: string[];
  charset?: string;
  compressible?: boolean;
}

/** compressible's answer for a type mime-db does not list (a truthy/falsy decision: true, or undefined). */
const COMPRESSIBLE_BY_NAME = /^text\/|\+(?:json|text|xml)$/i;

function keptInCompactForm(type: string, entry: MimeEntry): boolean {
  if (entry.extensions || entry.charset) return true;
  return entry.compressible !== undefined && entry.compressible !== COMPRESSIBLE_BY_NAME.test(type);
}

/** `compressible` as one of three states, folded into the source's digit: unset, true, false. */
const COMPRESSIBLE_STATES = [undefined, true, false];

/** The commonest parts of subtypes in one character each: a leading `vnd.` as `~`, `+xml` as `^`. */
function shortSubtype(subtype: string): string {
  return subtype.replace(/^vnd\./, '~').replace(/\+xml/g, '^');
}

/** A module whose export equals mime-db restricted to those types and fields, in a fraction of the bytes (lines split by `|`). */
export function compactMimeDb(): string {
  const db: Record<string, MimeEntry> = JSON.parse(readFileSync(requireFromWick.resolve('mime-db/db.json'), 'utf8'));
  const groups = [...new Set(Object.keys(db).map((type) => type.split('/')[0]))];
  const sources = [...new Set(Object.values(db).map((entry) => entry.source ?? ''))];
  if (groups.length > 36 || sources.length * COMPRESSIBLE_STATES.length > 36) throw new Error('mime-db has more top-level types or sources than the compact form encodes');
  const reserved = Object.entries(db).some(([type, entry]) => /[|~^]/.test([type, ...(entry.extensions ?? []), entry.charset ?? ''].join(' ')));
  if (reserved) throw new Error('mime-db uses a character the compact form reserves (| ~ ^)');
  const lines: string[] = [];
  for (const [type, entry] of Object.entries(db)) {
    if (!keptInCompactForm(type, entry)) continue;
    const [group, subtype] = type.split('/');
    const detail = sources.indexOf(entry.source ?? '') * COMPRESSIBLE_STATES.length + COMPRESSIBLE_STATES.indexOf(entry.compressible);
    lines.push([groups.indexOf(group).toString(36) + detail.toString(36) + shortSubtype(subtype), (entry.extensions ?? []).join(','), entry.charset ?? ''].join(' '));
  }
  return `var G=${JSON.stringify(groups)},S=${JSON.stringify(sources)},D=${JSON.stringify(lines.join('|'))},db={};
D.split('|').forEach(function(l){var f=l.split(' '),e={},d=parseInt(l[1],36),s=S[Math.floor(d/${COMPRESSIBLE_STATES.length})];if(s)e.source=s;if(f[1])e.extensions=f[1].split(',');if(f[2])e.charset=f[2];if(d%${COMPRESSIBLE_STATES.length})e.compressible=d%${COMPRESSIBLE_STATES.length}===1;db[G[parseInt(l[0],36)]+'/'+f[0].slice(2).replace(/^~/,'vnd.').replace(/\\^/g,'+xml')]=e});
module.exports=db;`;
}

/**
 * Smaller copies of the same code, where the choice is safe inside one bundle:
 * - http-assert pins an old http-errors (with its own depd and statuses); Koa's newer copy has the same
 *   `createError(status, message, props)` API, so one copy serves both;
 * - class-validator and class-transformer from their ES2015-module builds (the same code as their CommonJS main,
 *   whose index requires every validator): the bundle keeps only the decorators and validators the app uses, and
 *   leaves out most of validator.js and all of libphonenumber-js (~470 KB of a validated function's 756 KB).
 */
function dedupeDependencies(): Plugin {
  return {
    name: 'wick-dedupe-dependencies',
    setup(build) {
      build.onResolve({ filter: /^http-errors$/ }, () => ({ path: requireFromWick.resolve('http-errors') }));
      build.onResolve({ filter: /^class-(validator|transformer)$/ }, (args) => ({ path: join(dirname(requireFromWick.resolve(`${args.path}/package.json`)), 'esm2015/index.js') }));
    },
  };
}

/**
 * debug (Koa's and the router's tracing) in a few lines: `DEBUG=koa*` still prints each namespace's lines
 * (util.format's %s %d %o %O %j) to stderr, without debug's colours, timings and browser build (~7 KB
 * minified, in every bundle).
 */
const SLIM_DEBUG = `const { format } = require('node:util');
const patterns = (process.env.DEBUG || '').split(/[\\s,]+/).filter(Boolean).map((pattern) => {
  const skip = pattern.startsWith('-');
  const source = (skip ? pattern.slice(1) : pattern).replace(/[|\\{}()[\\]^$+?.]/g, '\\\\$&').replace(/\\*/g, '.*');
  return { skip, test: new RegExp('^' + source + '$') };
});
function enabled(namespace) {
  if (patterns.some((p) => p.skip && p.test.test(namespace))) return false;
  return patterns.some((p) => !p.skip && p.test.test(namespace));
}
function createDebug(namespace) {
  const log = (...args) => {
    if (log.enabled) process.stderr.write(namespace + ' ' + format(...args) + '\\n');
  };
  log.namespace = namespace;
  log.enabled = enabled(namespace);
  log.extend = (suffix, delimiter = ':') => createDebug(namespace + delimiter + suffix);
  return log;
}
createDebug.enabled = enabled;
module.exports = createDebug;
module.exports.default = createDebug;`;

/**
 * depd (http-errors' and cookies' deprecation notices) in a few lines: each notice is one
 * DeprecationWarning per message through process.emitWarning, which honours --no-deprecation, instead of
 * depd's call-site inspection (~4.5 KB minified, in every bundle).
 */
const SLIM_DEPD = `function depd(namespace) {
  const seen = new Set();
  const deprecate = (message) => {
    if (seen.has(message)) return;
    seen.add(message);
    process.emitWarning(namespace + ' deprecated ' + message, 'DeprecationWarning');
  };
  deprecate.function = (fn, message) => function (...args) {
    deprecate(message || (fn.name || 'function') + '()');
    return fn.apply(this, args);
  };
  deprecate.property = (target, property, message) => {
    const descriptor = Object.getOwnPropertyDescriptor(target, property);
    if (!descriptor || !descriptor.configurable) return;
    const { get, set } = descriptor;
    let value = descriptor.value;
    Object.defineProperty(target, property, {
      configurable: true,
      enumerable: descriptor.enumerable,
      get() { deprecate(message); return get ? get.call(this) : value; },
      set(next) { deprecate(message); if (set) set.call(this, next); else value = next; },
    });
  };
  return deprecate;
}
module.exports = depd;`;

const PLUGINS = [koaColdStart(), slimMimeDb(), slimMimeTypes(requireFromWick.resolve('mime-db/db.json')), dedupeDependencies(), replacePackage('debug', () => SLIM_DEBUG), replacePackage('depd', () => SLIM_DEPD), replacePackage('reflect-metadata', () => SLIM_REFLECT_METADATA, ['reflect-metadata', 'reflect-metadata/lite'])];

/** One self-contained output of a bundle run: the generated entry's source and the file it becomes. */
export interface BundleEntry {
  /** Names the entry in the output's comments and source map (`wick-entry:<name>`): the function's name. */
  name: string;
  source: string;
  /** Absolute path of the `.js` file to write. */
  outfile: string;
}

export interface BundleOptions {
  entries: BundleEntry[];
  resolveDir: string;
  /** The app compiled for the bundler: its files get their own location and narrowed wick namespaces. */
  compiledDir: string;
  platform: PlatformName;
  /** esbuild's target, e.g. `node24`: the chosen runtime's Node major. */
  target: string;
  minify: boolean;
  /** A `.js.map` beside each output, named by its `sourceMappingURL` comment (`node --enable-source-maps` reads it). */
  sourcemap: boolean;
  /** The store drivers the app's config chooses (default: all): the others are left out of the bundles that carry the store. */
  storeDrivers?: readonly StoreDriverName[];
}

/** The generated entries as modules of their own namespace, so that one esbuild run takes many of them. */
function generatedEntries(entries: BundleEntry[], resolveDir: string): Plugin {
  const sources = new Map(entries.map((entry) => [entry.name, entry.source]));
  return {
    name: 'wick-entries',
    setup(build) {
      build.onResolve({ filter: /^wick-entry:/ }, (args) => ({ path: args.path.slice('wick-entry:'.length), namespace: 'wick-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'wick-entry' }, (args) => ({ contents: sources.get(args.path), resolveDir, loader: 'js' }));
    },
  };
}

/** The deepest folder holding every path. */
function commonFolder(paths: string[]): string {
  const [first, ...rest] = paths.map((path) => dirname(path).split(sep));
  const depth = first.findIndex((part, index) => rest.some((other) => other[index] !== part));
  return first.slice(0, depth === -1 ? first.length : depth).join(sep) || sep;
}

/**
 * Self-contained CommonJS files, one per entry: tree-shaken, node built-ins and what the platform's runtime
 * provides external. One esbuild run reads each shared module once for all the entries; without code
 * splitting every output is linked on its own, so it is the same file the entry would give built alone.
 */
export async function bundle(options: BundleOptions): Promise<void> {
  if (options.entries.length === 0) return;
  const outdir = commonFolder(options.entries.map((entry) => entry.outfile));
  await build({
    entryPoints: options.entries.map((entry) => ({ in: `wick-entry:${entry.name}`, out: relative(outdir, entry.outfile).replace(/\.js$/, '') })),
    bundle: true,
    splitting: false,
    platform: 'node',
    target: options.target,
    format: 'cjs',
    outdir,
    minify: options.minify,
    sourcemap: options.sourcemap ? 'linked' : false,
    // Stack traces need the mappings only; the sources themselves would triple the map.
    sourcesContent: false,
    treeShaking: true,
    legalComments: options.minify ? 'external' : 'inline',
    external: [...PLATFORMS[options.platform].external, ...NATIVE_PACKAGES],
    plugins: [generatedEntries(options.entries, options.resolveDir), ...PLUGINS, storeDrivers(options.storeDrivers ?? STORE_DRIVERS), appSources(options.compiledDir)],
    logLevel: 'silent',
  });
}
