import { readFile } from 'node:fs/promises';
import { type Plugin } from 'esbuild';

/**
 * Koa's body setter and its respond() ask whether an object body is a web ReadableStream, Blob or Response, and the
 * first read of Node's lazy `Response` global loads undici: ~20 ms of a cold start's first JSON response. A plain
 * object or array is none of the three, so the bundle's copy asks only of other objects: the same answers, and
 * undici stays unloaded.
 */
const WEB_BODY_CHECK = /\b(val|body) instanceof (?:ReadableStream|Blob|Response)\b/g;

/**
 * Packages Koa's request, response and context require when they load, and call only for some requests (content
 * negotiation, `ctx.is`, cookies, attachments, stream bodies): loaded on their first call instead.
 */
const CALLED_LATER = /^const (\w+) = require\('(accepts|type-is|cookies|content-disposition|destroy)'\)$/gm;

/** Koa asserts a valid status on every response; node:assert (its AssertionError, loaded only when one fails) costs ~2 ms to load. */
const NODE_ASSERT = /^const assert = require\('node:assert'\)$/m;
const ASSERT_ON_FAILURE = `const assert = (value, message) => { if (!value) { const { AssertionError } = require('node:assert'); throw new AssertionError({ actual: value, expected: true, message, operator: '==' }) } }`;

/** Appended, as hoisted declarations, so that the module's 'use strict' stays its first statement. */
const HELPERS = `function __wickPlainJson(v) { return Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null; }
function __wickOnFirstCall(load) { var loaded; return function () { loaded = loaded || load(); return new.target ? Reflect.construct(loaded, arguments) : loaded.apply(this, arguments); }; }`;

function coldStartSource(source: string): string {
  const edited = source
    .replace(WEB_BODY_CHECK, (check, value: string) => `(!__wickPlainJson(${value}) && ${check})`)
    .replace(CALLED_LATER, (_statement, local: string, name: string) => `const ${local} = __wickOnFirstCall(() => require('${name}'))`)
    .replace(NODE_ASSERT, ASSERT_ON_FAILURE);
  return `${edited}\n${HELPERS}\n`;
}

/** The bundle's copy of Koa's application, request, response and context, loading less on a cold start. */
export function koaColdStart(): Plugin {
  return {
    name: 'wick-koa-cold-start',
    setup(build) {
      build.onLoad({ filter: /[\\/]koa[\\/]lib[\\/](?:application|request|response|context)\.js$/ }, async (args) => ({ contents: coldStartSource(await readFile(args.path, 'utf8')), loader: 'js' }));
    },
  };
}
