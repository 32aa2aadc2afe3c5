// Growth rows: generated apps of N functions (test/bench/growth/app.mjs: N controllers with a route each and one
// injected service), built with `wick build --platform aws --minify`: build time, per-function bundle and cold
// invocation, whole-app server boot.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { functionName, generateApp, routePath } from '../growth/app.mjs';
import { build as buildApp, coldInvocations } from './artifacts.mjs';
import { freePort } from './http.mjs';
import { mustRun, stop, whenInterrupted } from './processes.mjs';
import { serve } from './servers.mjs';
import { median } from './stats.mjs';
import { ROOT } from './versions.mjs';

const CLI = join(ROOT, 'dist/src/cli/main.js');
export const GROWTH_SIZES = (process.env.BENCH_GROWTH_SIZES ?? '10,100,1000').split(',').map(Number);

/** The whole app as one server: spawn → first 200 on the first function's route. */
async function serverBoot(dir) {
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, WICK_ENV: 'prod' };
  const { child, coldStartMs } = await serve([CLI, 'start', dir, '--port', String(port)], { env, port, path: routePath(0), timeoutMs: 120_000 });
  await stop(child);
  return coldStartMs;
}

export async function growth(work, settings) {
  const rows = [];
  const first = { key: 'first', name: functionName(0), route: { method: 'GET', path: `${routePath(0)}?name=bench` } };
  for (const functions of GROWTH_SIZES) {
    const dir = generateApp(functions);
    whenInterrupted(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(work, `growth-${functions}`);
    try {
      const built = await buildApp('aws', ['--minify'], out, dir);
      const bundles = readdirSync(join(out, 'functions')).map((name) => statSync(join(out, 'functions', name, 'index.js')).size);
      const cold = await coldInvocations(out, first, settings.coldStarts);
      await mustRun(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')]); // wick start serves dist/
      const boots = [];
      for (let i = 0; i < settings.coldStarts; i++) boots.push(await serverBoot(dir));
      rows.push({ functions, buildMs: built.ms, bundleBytes: median(bundles), coldMs: cold.coldMs, serverBootMs: median(boots) });
      console.log(`  ${functions} functions: built in ${(built.ms / 1000).toFixed(1)} s`);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
