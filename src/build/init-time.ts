import { execFile } from 'node:child_process';
import { CORES, mapConcurrently } from './concurrency.js';

const PROBE = `
const started = process.hrtime.bigint();
const fn = require(process.argv[1]);
Promise.resolve(fn.ready()).then(
  () => process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6)),
  (err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); },
);`;

/**
 * Loads an artifact in a fresh Node process and times it until the handler is ready (module load plus
 * app boot: what a cold start pays after the runtime itself is up).
 */
function measureInitMs(entryFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', PROBE, entryFile], { encoding: 'utf8', env: { ...process.env, WICK_ENV: 'prod' }, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${entryFile} failed to initialise:\n${stderr || err.message}`));
      else resolve(Math.round(Number(stdout.trim().split('\n').pop()) * 10) / 10);
    });
  });
}

/**
 * Every artifact's init time, each in its own fresh process, one process per core at a time: a measurement
 * has a core to itself, as a cold start on the platform has.
 */
export function measureInitTimes(entryFiles: string[]): Promise<number[]> {
  return mapConcurrently(entryFiles, CORES, measureInitMs);
}
