// How a generated app grows: see measureGrowth. Run by test/bench/growth/run.mjs and `npm run bench -- --growth`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { coldInvocations } from '../lib/artifacts.mjs';
import { freePort } from '../lib/http.mjs';
import { mustRun, stop, whenInterrupted } from '../lib/processes.mjs';
import { serve } from '../lib/servers.mjs';
import { median } from '../lib/stats.mjs';
import { ROOT } from '../lib/versions.mjs';
import { functionName, generateApp, routePath } from './app.mjs';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

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
function timedBuild(cli, buildFlags, app, out) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = childrenCpuSeconds();
    const marks = {};
    const child = spawn(process.execPath, [cli, 'build', app, '--platform', 'aws', ...buildFlags, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, WICK_ENV: 'prod' } });
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
async function serverBoot(cli, app) {
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, WICK_ENV: 'prod' };
  const { child, coldStartMs } = await serve([cli, 'start', app, '--port', String(port)], { env, port, path: routePath(0), timeoutMs: 120_000 });
  await stop(child);
  return coldStartMs;
}

/**
 * One generated app of `functions` functions, built by `wick build --platform aws` (`cli`, with `buildFlags`):
 * build time, CPU and phases; median bundle, zip and init time; cold invocation of the first, middle and last
 * function (median); the whole app's server boot. Used by `npm run bench -- --growth` and by run.mjs.
 */
export async function measureGrowth(functions, { cli, buildFlags = [], coldStarts }) {
  const app = generateApp(functions);
  const out = join(app, '.wick');
  whenInterrupted(() => rmSync(app, { recursive: true, force: true }));
  try {
    const built = await timedBuild(cli, buildFlags, app, out);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const sampled = [...new Set([0, Math.floor(functions / 2), functions - 1])];
    const colds = [];
    for (const index of sampled) {
      colds.push((await coldInvocations(out, { key: `c${index}`, name: functionName(index), route: { method: 'GET', path: routePath(index) } }, coldStarts)).coldMs);
    }
    await mustRun(process.execPath, [TSC, '-p', join(app, 'tsconfig.json')]); // wick start serves dist/
    const boots = [];
    for (let round = 0; round < coldStarts; round++) boots.push(await serverBoot(cli, app));
    return {
      functions,
      buildMs: built.ms,
      buildCpuSeconds: built.cpuSeconds,
      phases: built.phases,
      bundleBytes: median(manifest.functions.map((fn) => fn.bundleBytes)),
      zipBytes: median(manifest.functions.map((fn) => fn.zipBytes)),
      initMs: median(manifest.functions.map((fn) => fn.initMs).filter((ms) => ms !== undefined)), // the functions the build measured
      coldMs: median(colds),
      serverBootMs: median(boots),
    };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}
