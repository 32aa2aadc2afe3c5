import { execFileSync } from 'node:child_process';

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
export function measureInitMs(entryFile: string): number {
  try {
    const out = execFileSync(process.execPath, ['-e', PROBE, entryFile], {
      encoding: 'utf8',
      env: { ...process.env, WICK_ENV: 'prod' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    return Math.round(Number(out.trim().split('\n').pop()) * 10) / 10;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? (err as Error).message;
    throw new Error(`${entryFile} failed to initialise:\n${stderr}`);
  }
}
