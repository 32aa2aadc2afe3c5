import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNNER = `
const fn = require(process.argv[2]);
const [event, context] = JSON.parse(process.argv[3]);
const payload = event && event.__buffer ? Buffer.from(event.__buffer, 'base64') : event;
fn.handler(payload, context).then(
  (result) => process.stdout.write('\\n@@RESULT@@' + JSON.stringify(result)),
  (err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); },
);`;

/**
 * Copies a built function folder somewhere with no node_modules on the way up, and invokes its handler
 * in a fresh Node process, as a platform would.
 */
export function isolate(functionDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wick-artifact-'));
  cpSync(functionDir, dir, { recursive: true });
  writeFileSync(join(dir, 'run.cjs'), RUNNER);
  return dir;
}

export function invokeArtifact(dir: string, event: unknown, context: unknown): any {
  const payload = Buffer.isBuffer(event) ? { __buffer: event.toString('base64') } : event;
  const result = spawnSync(process.execPath, [join(dir, 'run.cjs'), join(dir, 'index.js'), JSON.stringify([payload, context])], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, WICK_ENV: 'prod' },
    cwd: dir,
  });
  if (result.status !== 0) throw new Error(`artifact failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.split('@@RESULT@@').pop()!);
}
