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
 * How many artifacts a build measures unless asked for all: per-function init stays flat as an app grows (each
 * bundle holds only its own function), and a fresh `node` per function would be most of a large build's time.
 */
export const INIT_SAMPLE = 16;

/** Every index up to `count` when there are at most `sample`, else `sample` of them spread evenly, first and last included. */
export function sampledIndexes(count: number, sample: number): number[] {
  if (count <= sample) return Array.from({ length: count }, (_, index) => index);
  return [...new Set(Array.from({ length: sample }, (_, step) => Math.round((step * (count - 1)) / (sample - 1))))];
}

/**
 * The init times of the artifacts at `indexes` of `entryFiles`, each in its own fresh process, one process per
 * core at a time: a measurement has a core to itself, as a cold start on the platform has. The result is
 * undefined at the indexes not measured.
 */
export async function measureInitTimes(entryFiles: string[], indexes: number[]): Promise<(number | undefined)[]> {
  const measured = await mapConcurrently(indexes, CORES, (index) => measureInitMs(entryFiles[index]));
  const times = new Array<number | undefined>(entryFiles.length).fill(undefined);
  indexes.forEach((index, position) => (times[index] = measured[position]));
  return times;
}
