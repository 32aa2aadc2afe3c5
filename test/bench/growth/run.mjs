// Growth: generated apps of N functions (N controllers with a route each and one injected service), built by
// `wick build --platform aws`: build time (with the time each phase of the build log took: tsc, metadata, bundles and zips, init times, descriptors), per-function bundle
// size and cold invocation (a fresh process with an API Gateway v2 event, first / middle / last function),
// and the whole app's server boot (spawn of `wick start` → first 200).
// Usage: node test/bench/growth/run.mjs [--sizes 10,100,1000] [--cold-starts 3] [--cli <main.js>] [-- <wick build flags>]
// Needs `npm run build` first (it runs the CLI from dist/; --cli names another build of it, e.g. an older commit's).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { coldInvocations } from '../lib/artifacts.mjs';
import { firstOk, freePort } from '../lib/http.mjs';
import { mustRun, SERVER_CORE, start, stop, whenInterrupted } from '../lib/processes.mjs';
import { median } from '../lib/stats.mjs';
import { ROOT } from '../lib/versions.mjs';
import { functionName, generateApp, routePath } from './app.mjs';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

const { values, positionals } = parseArgs({
  options: { sizes: { type: 'string', default: '10,100,1000' }, 'cold-starts': { type: 'string', default: '3' }, cli: { type: 'string', default: join(ROOT, 'dist/src/cli/main.js') } },
  allowPositionals: true,
});
const sizes = values.sizes.split(',').map(Number);
const coldStarts = Number(values['cold-starts']);
const buildFlags = positionals;
const CLI = values.cli;

/** The build log's phases, each from its first line to the next phase's. */
const PHASES = [
  ['tsc', /^compiling with tsc/],
  ['metadata', /^reading decorator metadata/],
  ['bundles', /^\[\w+\] bundling/],
  ['init', /^\[\w+\] measuring init times/],
  ['descriptors', /^\[\w+\] writing deploy descriptors/],
];

/**
 * CPU seconds of this process's finished children (and theirs, when waited for) from /proc, where there is one:
 * on a shared machine a build's wall time follows the load, its CPU time much less.
 */
function childrenCpuSeconds() {
  if (!existsSync('/proc/self/stat')) return NaN;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks (USER_HZ = 100)
}

/** `wick build` of the app, timed as a whole and by phase (ms since the start, from its stderr lines). */
function timedBuild(app, out) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = childrenCpuSeconds();
    const marks = {};
    const child = spawn(process.execPath, [CLI, 'build', app, '--platform', 'aws', ...buildFlags, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, WICK_ENV: 'prod' } });
    let log = '';
    let pending = '';
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) for (const [phase, pattern] of PHASES) if (!(phase in marks) && pattern.test(line)) marks[phase] = performance.now() - started;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`wick build exited with ${code}:\n${log}`));
      const names = PHASES.map(([phase]) => phase);
      const phases = Object.fromEntries(names.map((phase, index) => [phase, (marks[names[index + 1]] ?? ms) - marks[phase]]));
      resolve({ ms, phases, cpuSeconds: childrenCpuSeconds() - cpuBefore });
    });
  });
}

/** The whole app as one server: spawn of `wick start` → first 200 on the first route. */
async function serverBoot(app) {
  const port = await freePort();
  const started = performance.now();
  const child = start(process.execPath, [CLI, 'start', app, '--port', String(port)], { core: SERVER_CORE, env: { PATH: process.env.PATH, HOME: process.env.HOME, WICK_ENV: 'prod' } });
  try {
    await firstOk(port, routePath(0), child, 120_000);
    return performance.now() - started;
  } finally {
    await stop(child);
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function measure(functions) {
  const app = generateApp(functions);
  const out = join(app, '.wick');
  whenInterrupted(() => rmSync(app, { recursive: true, force: true }));
  try {
    const built = await timedBuild(app, out);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const sampled = [...new Set([0, Math.floor(functions / 2), functions - 1])];
    const colds = [];
    for (const index of sampled) {
      colds.push((await coldInvocations(out, { key: `c${index}`, name: functionName(index), route: { method: 'GET', path: routePath(index) } }, coldStarts)).coldMs);
    }
    await mustRun(process.execPath, [TSC, '-p', join(app, 'tsconfig.json')]); // wick start serves dist/
    const boots = [];
    for (let round = 0; round < coldStarts; round++) boots.push(await serverBoot(app));
    return {
      functions,
      buildMs: built.ms,
      buildCpuSeconds: built.cpuSeconds,
      phases: built.phases,
      bundleBytes: median(manifest.functions.map((fn) => fn.bundleBytes)),
      zipBytes: median(manifest.functions.map((fn) => fn.zipBytes)),
      initMs: median(manifest.functions.map((fn) => fn.initMs)),
      coldMs: median(colds),
      serverBootMs: median(boots),
    };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

console.log(`wick build --platform aws ${buildFlags.join(' ')}`.trim() + `, Node ${process.version}`);
console.log('functions | build | per function | build CPU (without esbuild\'s) | tsc | metadata | bundles and zips | init times | descriptors | bundle (median) | zip (median) | init (manifest median) | cold invocation | server boot');
for (const functions of sizes) {
  const r = await measure(functions);
  const p = r.phases;
  console.log(
    [r.functions, seconds(r.buildMs), `${(r.buildMs / r.functions).toFixed(0)} ms`, `${r.buildCpuSeconds.toFixed(1)} s`, seconds(p.tsc), seconds(p.metadata), seconds(p.bundles), seconds(p.init), seconds(p.descriptors), `${(r.bundleBytes / 1024).toFixed(1)} KB`, `${(r.zipBytes / 1024).toFixed(1)} KB`, `${r.initMs.toFixed(1)} ms`, `${r.coldMs.toFixed(0)} ms`, `${r.serverBootMs.toFixed(0)} ms`].join(' | '),
  );
}
