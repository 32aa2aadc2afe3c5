import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';
import { ROWS_FILE_ENV, StressTableReporter } from './table-reporter.js';

// npm run test:stress: every property test of test/ with WICK_FUZZ_RUNS cases (test/helpers/fuzz.ts), then the
// load and shutdown scenarios (test/stress/*.stress.ts), one file at a time so no scenario shares the machine with
// another; one table at the end, also written to the OS temp folder.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Cases per property (npm test's bounds are 12 to 120): what keeps the whole run within 10 minutes on 2 shared cores,
 * and each property within the timeout its test sets (the slowest, the Runtime API's, takes about 0.25 s a case).
 */
const FUZZ_RUNS = process.env.WICK_FUZZ_RUNS ?? '300';
const ROWS_FILE = join(tmpdir(), `wick-stress-rows-${process.pid}.jsonl`);
const REPORT_FILE = join(tmpdir(), 'wick-stress-report.md');

/** The test files of test/ that run property tests: those importing test/helpers/fuzz.ts, or named *fuzz*. */
function fuzzFiles(dir = join(ROOT, 'test')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['fixtures', 'node_modules', 'bench', 'stress'].includes(entry.name) ? [] : fuzzFiles(path);
    if (!entry.name.endsWith('.test.ts')) return [];
    const fuzzing = entry.name.includes('fuzz') || /from '[./]*\/helpers\/fuzz\.js'/.test(readFileSync(path, 'utf8'));
    return fuzzing ? [relative(ROOT, path)] : [];
  });
}

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    root: ROOT,
    include: ['test/stress/**/*.stress.ts', ...fuzzFiles()],
    fileParallelism: false,
    env: { WICK_FUZZ_RUNS: FUZZ_RUNS, [ROWS_FILE_ENV]: ROWS_FILE },
    // A property test's own timeout was set for npm test's bound; these runs are longer.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    reporters: ['default', new StressTableReporter(ROWS_FILE, REPORT_FILE, `wick stress run, ${new Date().toISOString()}: WICK_FUZZ_RUNS=${FUZZ_RUNS}, load average at start ${loadavg().map((load) => load.toFixed(1)).join(' ')} on ${availableParallelism()} cores`, ROOT)],
  },
});
