import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle, compactMimeDb } from '../../src/build/bundle.js';
import { SLIM_REFLECT_METADATA } from '../../src/build/slim-reflect-metadata.js';
import { ROOT } from '../helpers/paths.js';

describe('compactMimeDb', () => {
  type MimeEntry = { source?: string; extensions?: string[]; charset?: string; compressible?: boolean };
  const require = createRequire(import.meta.url);
  const db: Record<string, MimeEntry> = require('mime-db');
  const compact = () => {
    const module = { exports: {} as Record<string, MimeEntry> };
    new Function('module', compactMimeDb())(module);
    return module.exports;
  };

  it('rebuilds every type with extensions or a charset exactly, with the fields mime-types and compressible read', () => {
    const rebuilt = compact();
    const expected = Object.entries(db).filter(([, entry]) => entry.extensions || entry.charset);
    for (const [type, { source, extensions, charset, compressible }] of expected) {
      expect(rebuilt[type], type).toEqual({ ...(source && { source }), ...(extensions && { extensions }), ...(charset && { charset }), ...(compressible !== undefined && { compressible }) });
    }
    expect(expected.length).toBeGreaterThan(1000);
    expect(rebuilt['application/json'].compressible).toBe(true);
  });

  it('gives koa-compress (compressible) the same decision for every mime-db type inside a bundle', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wick-mime-'));
    try {
      const outfile = join(out, 'compressible.js');
      const entry = `import compressible from 'compressible';\nexport const answers = (types) => types.map((type) => compressible(type));`;
      await bundle({ entries: [{ name: 'compressible', source: entry, outfile }], resolveDir: ROOT, compiledDir: out, platform: 'aws', target: 'node20', minify: true, sourcemap: false });
      const types = [...Object.keys(db), 'text/x-unknown', 'application/x-unknown+json', 'application/x-unknown'];
      const compressible: (type: string) => boolean = require('compressible');
      expect(require(outfile).answers(types).map(Boolean)).toEqual(types.map((type) => Boolean(compressible(type))));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("gives mime-types (Koa's ctx.type, type-is) the same answers inside a bundle, for every type and extension", async () => {
    const out = mkdtempSync(join(tmpdir(), 'wick-mime-types-'));
    try {
      const outfile = join(out, 'mime-types.js');
      const questions = (mime: Record<string, any>, types: string[], extensions: string[]) => ({
        types: { ...mime.types },
        extensions: { ...mime.extensions },
        lookup: [...extensions, 'file.JSON', '/a/b.html', 'none', ''].map((path) => mime.lookup(path)),
        contentType: [...extensions, ...types, 'text/x-unknown', 'json; charset=latin1'].map((type) => mime.contentType(type)),
        charset: [...types, 'text/x-unknown', 'application/x-unknown'].map((type) => mime.charset(type)),
        extension: [...types, 'application/json; charset=utf-8', 'x/unknown'].map((type) => mime.extension(type)),
      });
      const entry = `import mime from 'mime-types';\nexport const answers = (ask, types, extensions) => ask(mime, types, extensions);`;
      await bundle({ entries: [{ name: 'mime-types', source: entry, outfile }], resolveDir: ROOT, compiledDir: out, platform: 'aws', target: 'node20', minify: true, sourcemap: false });
      const mimeTypes = require('mime-types');
      const types = Object.keys(db);
      const extensions = Object.keys(mimeTypes.types);
      expect(extensions.length).toBeGreaterThan(1000);
      expect(require(outfile).answers(questions, types, extensions)).toEqual(questions(mimeTypes, types, extensions));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('bundle', () => {
  const out = mkdtempSync(join(tmpdir(), 'wick-bundle-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const entry = `export { S3Client } from '@aws-sdk/client-s3';`;

  it('leaves the AWS SDK to the Lambda runtime on AWS and bundles it everywhere else', async () => {
    const outfile = join(out, 'aws.js');
    await bundle({ entries: [{ name: 'aws', source: entry, outfile }], resolveDir: out, compiledDir: out, platform: 'aws', target: 'node20', minify: false, sourcemap: false });
    expect(readFileSync(outfile, 'utf8')).toContain('require("@aws-sdk/client-s3")');
    // Not installed here: on Aliyun esbuild has to resolve it, and fails.
    await expect(bundle({ entries: [{ name: 'aliyun', source: entry, outfile: join(out, 'aliyun.js') }], resolveDir: out, compiledDir: out, platform: 'aliyun', target: 'node20', minify: false, sourcemap: false })).rejects.toThrow(
      /Could not resolve "@aws-sdk\/client-s3"/,
    );
  });

  it("gives a package's import.meta (url, dirname, filename) the bundle's own location instead of an empty object", async () => {
    const pkg = join(out, 'node_modules', 'esm-meta');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'esm-meta', type: 'module', exports: './index.js' }));
    writeFileSync(join(pkg, 'index.js'), `export const where = () => ({ url: import.meta.url, dir: new URL('.', import.meta.url).href, dirname: import.meta.dirname, filename: import.meta.filename });`);
    const app = join(out, 'app');
    mkdirSync(app, { recursive: true });
    const outfile = join(out, 'meta', 'index.js');
    await bundle({ entries: [{ name: 'meta', source: `export { where } from 'esm-meta';`, outfile }], resolveDir: out, compiledDir: app, platform: 'aws', target: 'node20', minify: true, sourcemap: false });
    expect(require(outfile).where()).toEqual({ url: pathToFileURL(outfile).href, dir: pathToFileURL(join(out, 'meta/')).href, dirname: join(out, 'meta'), filename: outfile });
  });

  it("carries a few lines in debug's place that still print the namespaces DEBUG names", async () => {
    const outfile = join(out, 'debug.js');
    const traced = `import createDebug from 'debug';\nexport const trace = () => { createDebug('koa:application')('use %s', 'timing'); createDebug('koa:skipped')('hidden'); createDebug('router')('hidden'); };`;
    await bundle({ entries: [{ name: 'debug', source: traced, outfile }], resolveDir: ROOT, compiledDir: out, platform: 'aws', target: 'node20', minify: true, sourcemap: false });
    expect(statSync(outfile).size).toBeLessThan(2_000);
    const run = (DEBUG: string) =>
      spawnSync(process.execPath, ['-e', `require(${JSON.stringify(outfile)}).trace()`], { env: { PATH: process.env.PATH, DEBUG }, encoding: 'utf8' }).stderr;
    expect(run('koa*,-koa:skipped')).toBe('koa:application use timing\n');
    expect(run('')).toBe('');
  });

  it("carries a few lines in depd's place: each deprecation is one DeprecationWarning, silenced by --no-deprecation", async () => {
    const outfile = join(out, 'depd.js');
    const notices = [
      `import depd from 'depd';`,
      `const deprecate = depd('cookies');`,
      `export const run = () => {`,
      `  deprecate('"keys" argument'); deprecate('"keys" argument');`,
      `  const sum = deprecate.function((a, b) => a + b, 'sum()');`,
      `  const cookie = { maxage: 5 };`,
      `  deprecate.property(cookie, 'maxage', '"maxage"; use "maxAge"');`,
      `  cookie.maxage = cookie.maxage + sum(1, 2);`,
      `  process.stdout.write(String(cookie.maxage));`,
      `};`,
    ].join('\n');
    await bundle({ entries: [{ name: 'depd', source: notices, outfile }], resolveDir: ROOT, compiledDir: out, platform: 'aws', target: 'node20', minify: true, sourcemap: false });
    expect(statSync(outfile).size).toBeLessThan(1_500);
    const run = (...flags: string[]) =>
      spawnSync(process.execPath, [...flags, '-e', `require(${JSON.stringify(outfile)}).run()`], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    const warned = run();
    expect(warned.stdout).toBe('8');
    expect(warned.stderr.match(/DeprecationWarning: cookies deprecated "keys" argument/g)).toHaveLength(1);
    expect(warned.stderr).toContain('DeprecationWarning: cookies deprecated sum()');
    expect(warned.stderr.match(/cookies deprecated "maxage"; use "maxAge"/g)).toHaveLength(1);
    expect(run('--no-deprecation')).toMatchObject({ stdout: '8', stderr: '' });
  });
});

describe("the bundle's reflect-metadata", () => {
  const sym = Symbol('key');
  /** The same script of metadata calls, run against an API on a fresh `Reflect`: every answer, and which calls throw. */
  const script = (R: any) => {
    const answers: unknown[] = [];
    const ask = (fn: () => unknown) => {
      try {
        answers.push(fn());
      } catch (err) {
        answers.push(`throws ${(err as Error).constructor.name}`);
      }
    };
    class Base {}
    class Child extends Base {}
    function Legacy() {}
    Legacy.prototype = Object.create(Base.prototype, { constructor: { value: Base } });
    R.defineMetadata('design:paramtypes', [String], Base);
    R.defineMetadata('own', 1, Base, 'method');
    R.defineMetadata('own', 2, Child, 'method');
    R.defineMetadata('child', 3, Child, 'method');
    R.defineMetadata(sym, 4, Child.prototype, sym);
    R.defineMetadata('n', 5, Child, 7);
    R.metadata('decorated', 6)(Child.prototype, 'field');
    for (const [target, property] of [[Base, undefined], [Child, undefined], [Child, 'method'], [Base, 'method'], [Child.prototype, sym], [Child, '7'], [Child.prototype, 'field'], [Legacy, undefined]] as const) {
      for (const name of ['getMetadataKeys', 'getOwnMetadataKeys']) ask(() => R[name](target, property));
      for (const key of ['design:paramtypes', 'own', 'child', sym, 'n', 'decorated', 'missing']) {
        for (const name of ['getMetadata', 'getOwnMetadata', 'hasMetadata', 'hasOwnMetadata']) ask(() => R[name](key, target, property));
      }
    }
    ask(() => R.deleteMetadata('child', Child, 'method'));
    ask(() => R.deleteMetadata('child', Child, 'method'));
    ask(() => R.getMetadataKeys(Child, 'method'));
    for (const bad of [undefined, null, 1, 'text']) for (const name of ['getMetadata', 'defineMetadata', 'hasOwnMetadata']) ask(() => R[name]('k', bad));
    ask(() => R.metadata('k', 1)(Base, 1));
    ask(() => R.decorate([(value: unknown) => (value === Base ? Child : undefined)], Base) === Child);
    ask(() => R.decorate([(_t: unknown, _p: unknown, d: PropertyDescriptor) => ({ ...d, value: 2 }), (_t: unknown, _p: unknown, d: PropertyDescriptor) => ({ ...d, value: 1 })], Base.prototype, 'm', { value: 0 }));
    ask(() => R.decorate([() => 1], Base));
    ask(() => R.decorate({}, Base));
    return answers;
  };

  const freshReflect = (source: string) => {
    const R = {};
    new Function('Reflect', 'globalThis', 'module', 'exports', 'require', 'process', source)(R, { Reflect: R }, { exports: {} }, {}, () => ({}), process);
    return R;
  };

  it('answers every metadata call as reflect-metadata does', () => {
    const require = createRequire(import.meta.url);
    const real = freshReflect(readFileSync(require.resolve('reflect-metadata/lite'), 'utf8'));
    const slim = freshReflect(SLIM_REFLECT_METADATA);
    expect(Object.getOwnPropertyNames(slim).sort()).toEqual(Object.getOwnPropertyNames(real).sort());
    expect(script(slim)).toEqual(script(real));
  });
});
