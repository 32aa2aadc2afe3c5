// Growth rows: generated apps of N functions (test/bench/growth/app.mjs), measured by test/bench/growth/measure.mjs
// with the default build: build time, per-function bundle and cold invocation, whole-app server boot.
import { join } from 'node:path';
import { measureGrowth } from '../growth/measure.mjs';
import { ROOT } from './versions.mjs';

const CLI = join(ROOT, 'dist/src/cli/main.js');
export const GROWTH_SIZES = (process.env.BENCH_GROWTH_SIZES ?? '10,100,1000').split(',').map(Number);

export async function growth(settings) {
  const rows = [];
  for (const functions of GROWTH_SIZES) {
    const row = await measureGrowth(functions, { cli: CLI, coldStarts: settings.coldStarts });
    console.log(`  ${functions} functions: built in ${(row.buildMs / 1000).toFixed(1)} s`);
    rows.push(row);
  }
  return rows;
}
