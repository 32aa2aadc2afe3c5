// Growth: generated apps of N functions (N controllers with a route each and one injected service), built by
// `wick build --platform aws`: build time (with the time each phase of the build log took: tsc, metadata, bundles and zips, init times, descriptors), per-function bundle
// size and cold invocation (a fresh process with an API Gateway v2 event, first / middle / last function),
// and the whole app's server boot (spawn of `wick start` → first 200).
// Usage: node test/bench/growth/run.mjs [--sizes 10,100,1000] [--cold-starts 3] [--cli <main.js>] [-- <wick build flags>]
// Needs `npm run build` first (it runs the CLI from dist/; --cli names another build of it, e.g. an older commit's).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../lib/versions.mjs';
import { measureGrowth } from './measure.mjs';

const { values, positionals } = parseArgs({
  options: { sizes: { type: 'string', default: '10,100,1000' }, 'cold-starts': { type: 'string', default: '3' }, cli: { type: 'string', default: join(ROOT, 'dist/src/cli/main.js') } },
  allowPositionals: true,
});
const sizes = values.sizes.split(',').map(Number);
const coldStarts = Number(values['cold-starts']);
const buildFlags = positionals;
const CLI = values.cli;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

console.log(`wick build --platform aws ${buildFlags.join(' ')}`.trim() + `, Node ${process.version}`);
console.log('functions | build | per function | build CPU (without esbuild\'s) | tsc | metadata | bundles and zips | init times | descriptors | bundle (median) | zip (median) | init (manifest median) | cold invocation | server boot');
for (const functions of sizes) {
  const r = await measureGrowth(functions, { cli: CLI, buildFlags, coldStarts });
  const p = r.phases;
  console.log(
    [r.functions, seconds(r.buildMs), `${(r.buildMs / r.functions).toFixed(0)} ms`, `${r.buildCpuSeconds.toFixed(1)} s`, seconds(p.tsc), seconds(p.metadata), seconds(p.bundles), seconds(p.init), seconds(p.descriptors), `${(r.bundleBytes / 1024).toFixed(1)} KB`, `${(r.zipBytes / 1024).toFixed(1)} KB`, `${r.initMs.toFixed(1)} ms`, `${r.coldMs.toFixed(0)} ms`, `${r.serverBootMs.toFixed(0)} ms`].join(' | '),
  );
}
