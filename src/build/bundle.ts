import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build, type Plugin } from 'esbuild';
import { type BuildPlatform } from './entry.js';

/**
 * mime-db ships ~200 KB of JSON and a dependency tree often holds two copies. mime-types reads only
 * `source`, `extensions` and `charset` (`compressible` is for koa-compress, which reads its own copy).
 * Ship one copy of the types that have extensions or a charset, as compact lines that rebuild the very
 * same objects when the module loads.
 */
export function slimMimeDb(appDir: string): Plugin {
  let slim: string | undefined;
  return {
    name: 'wick-slim-mime-db',
    setup(build) {
      build.onResolve({ filter: /^mime-db$/ }, () => ({ path: 'mime-db', namespace: 'wick-mime-db' }));
      build.onLoad({ filter: /.*/, namespace: 'wick-mime-db' }, () => {
        slim ??= compactMimeDb(appDir);
        return { contents: slim, loader: 'js' };
      });
    },
  };
}

interface MimeEntry {
  source?: string;
  extensions?: string[];
  charset?: string;
}

/** A module whose export equals mime-db restricted to those fields, in a fraction of the bytes. */
export function compactMimeDb(appDir: string): string {
  const require = createRequire(`${appDir}/`);
  const db: Record<string, MimeEntry> = JSON.parse(readFileSync(require.resolve('mime-db/db.json'), 'utf8'));
  const groups = [...new Set(Object.keys(db).map((type) => type.split('/')[0]))];
  const lines: string[] = [];
  for (const [type, entry] of Object.entries(db)) {
    if (!entry.extensions && !entry.charset) continue;
    const [group, subtype] = type.split('/');
    lines.push([groups.indexOf(group).toString(36) + subtype, entry.source ?? '', (entry.extensions ?? []).join(','), entry.charset ?? ''].join(' '));
  }
  return `var G=${JSON.stringify(groups)},D=${JSON.stringify(lines.join('\n'))},db={};
D.split('\\n').forEach(function(l){var f=l.split(' '),e={};if(f[1])e.source=f[1];if(f[2])e.extensions=f[2].split(',');if(f[3])e.charset=f[3];db[G[parseInt(f[0][0],36)]+'/'+f[0].slice(1)]=e});
module.exports=db;`;
}

export interface BundleOptions {
  entry: string;
  resolveDir: string;
  outfile: string;
  platform: BuildPlatform;
  minify: boolean;
  sourcemap: boolean;
}

export interface BundleResult {
  /** Input files and the bytes each contributed, for checking what a function carries. */
  inputs: Record<string, number>;
}

/** One self-contained CommonJS file: tree-shaken, node built-ins external, the AWS SDK external on AWS. */
export async function bundle(options: BundleOptions): Promise<BundleResult> {
  const result = await build({
    stdin: { contents: options.entry, resolveDir: options.resolveDir, sourcefile: 'wick-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: options.outfile,
    minify: options.minify,
    sourcemap: options.sourcemap,
    treeShaking: true,
    legalComments: options.minify ? 'external' : 'inline',
    external: options.platform === 'aws' ? ['@aws-sdk/*'] : [],
    plugins: [slimMimeDb(options.resolveDir)],
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'))?.[1];
  const inputs: Record<string, number> = {};
  for (const [file, info] of Object.entries(output?.inputs ?? {})) inputs[file] = info.bytesInOutput;
  return { inputs };
}
