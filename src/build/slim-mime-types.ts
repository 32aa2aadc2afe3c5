import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Plugin } from 'esbuild';

/**
 * mime-types (Koa's `ctx.type`, type-is, accepts, each with its own copy and version) builds its extension → type
 * map when it loads, resolving each extension listed by several types with a scoring pass over mime-db: a few ms of
 * every cold start, twice. The outcome is fixed by the package and the mime-db the bundle carries, so the build
 * works it out once per copy (by running that copy's own code on that mime-db) and the bundle's copy only applies
 * it: the first type mime-db lists for an extension, except for the extensions this copy resolves otherwise.
 * `charset`, `contentType`, `extension` and `lookup` are the same in mime-types 2 and 3 and read the exported
 * maps as theirs do. `_extensionConflicts` (3.x's record of what its new scoring changed) is left out.
 */
export function slimMimeTypes(mimeDbJson: string): Plugin {
  const resolveDir = dirname(mimeDbJson);
  return {
    name: 'wick-slim-mime-types',
    setup(build) {
      build.onResolve({ filter: /^mime-types$/ }, (args) => ({ path: createRequire(join(args.resolveDir, 'importer.js')).resolve('mime-types'), namespace: 'wick-mime-types' }));
      build.onResolve({ filter: /^wick-mime-types-core$/ }, () => ({ path: 'core', namespace: 'wick-mime-types-core' }));
      build.onLoad({ filter: /.*/, namespace: 'wick-mime-types-core' }, () => ({ contents: CORE, loader: 'js', resolveDir }));
      build.onLoad({ filter: /.*/, namespace: 'wick-mime-types' }, (args) => ({
        contents: `module.exports = require('wick-mime-types-core')(${JSON.stringify(preferredTypes(args.path, mimeDbJson))});`,
        loader: 'js',
        resolveDir,
      }));
    },
  };
}

type MimeDb = Record<string, { extensions?: string[] }>;

/** The extension → type map of the mime-types copy at `indexPath`, loaded with `db` as its mime-db. */
function typesOf(indexPath: string, db: MimeDb): Record<string, string> {
  const requireBeside = createRequire(indexPath);
  const module = { exports: {} as { types: Record<string, string> } };
  const load = (id: string) => (id === 'mime-db' ? db : requireBeside(id));
  new Function('exports', 'require', 'module', readFileSync(indexPath, 'utf8'))(module.exports, load, module);
  return module.exports.types;
}

const preferredByCopy = new Map<string, Record<string, string>>();

/** The extensions a copy resolves to another type than the first mime-db lists for them, worked out once per build process. */
export function preferredTypes(indexPath: string, mimeDbJson: string): Record<string, string> {
  const key = `${indexPath}\0${mimeDbJson}`;
  let preferred = preferredByCopy.get(key);
  if (!preferred) preferredByCopy.set(key, (preferred = computePreferredTypes(indexPath, mimeDbJson)));
  return preferred;
}

function computePreferredTypes(indexPath: string, mimeDbJson: string): Record<string, string> {
  const db: MimeDb = JSON.parse(readFileSync(mimeDbJson, 'utf8'));
  const first: Record<string, string> = {};
  for (const [type, { extensions = [] }] of Object.entries(db)) for (const extension of extensions) first[extension] ??= type;
  const types = typesOf(indexPath, db);
  return Object.fromEntries(Object.entries(types).filter(([extension, type]) => first[extension] !== type));
}

/** One copy of mime-types' functions for every copy in the bundle, each made with its own preferred types. */
const CORE = `var db = require('mime-db');
var extname = require('node:path').extname;
var EXTRACT_TYPE_REGEXP = /^\\s*([^;\\s]*)(?:;|\\s|$)/;
var TEXT_TYPE_REGEXP = /^text\\//i;
module.exports = function mimeTypes(preferred) {
  var exports = {};
  var extensions = Object.create(null);
  var types = Object.create(null);
  Object.keys(db).forEach(function (type) {
    var exts = db[type].extensions;
    if (!exts || !exts.length) return;
    extensions[type] = exts;
    for (var i = 0; i < exts.length; i++) if (!(exts[i] in types)) types[exts[i]] = Object.prototype.hasOwnProperty.call(preferred, exts[i]) ? preferred[exts[i]] : type;
  });
  function charset(type) {
    if (!type || typeof type !== 'string') return false;
    var match = EXTRACT_TYPE_REGEXP.exec(type);
    var mime = match && db[match[1].toLowerCase()];
    if (mime && mime.charset) return mime.charset;
    if (match && TEXT_TYPE_REGEXP.test(match[1])) return 'UTF-8';
    return false;
  }
  function contentType(str) {
    if (!str || typeof str !== 'string') return false;
    var mime = str.indexOf('/') === -1 ? exports.lookup(str) : str;
    if (!mime) return false;
    if (mime.indexOf('charset') === -1) {
      var found = exports.charset(mime);
      if (found) mime += '; charset=' + found.toLowerCase();
    }
    return mime;
  }
  function extension(type) {
    if (!type || typeof type !== 'string') return false;
    var match = EXTRACT_TYPE_REGEXP.exec(type);
    var exts = match && exports.extensions[match[1].toLowerCase()];
    if (!exts || !exts.length) return false;
    return exts[0];
  }
  function lookup(path) {
    if (!path || typeof path !== 'string') return false;
    var ext = extname('x.' + path).toLowerCase().slice(1);
    if (!ext) return false;
    return exports.types[ext] || false;
  }
  exports.charset = charset;
  exports.charsets = { lookup: charset };
  exports.contentType = contentType;
  exports.extension = extension;
  exports.extensions = extensions;
  exports.lookup = lookup;
  exports.types = types;
  return exports;
};`;
