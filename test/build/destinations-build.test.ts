import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, fixtureApp, scratchCopy } from '../helpers/paths.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The destinations fixture app in a scratch folder, its functions source changed by `edit`. */
function appWith(edit: (source: string) => string): string {
  const dir = scratchCopy(fixtureApp('host-destinations'), 'wick-destinations-build-');
  dirs.push(dir);
  const file = join(dir, 'src', 'functions.ts');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

function build(dir: string, platform: string) {
  return spawnSync(process.execPath, [CLI, 'build', dir, '--platform', platform, '--out', join(dir, '.wick')], { encoding: 'utf8', timeout: 60_000 });
}

describe('wick build: destinations', () => {
  it('fails for a destination naming a function the app does not have, naming the method, the destination and the functions', () => {
    const dir = appWith((source) => source.replace("onSuccess: 'receiver'", "onSuccess: 'reciever'"));
    const built = build(dir, 'host');
    expect(built.status).toBe(1);
    expect(built.stderr).toContain('DestinationFunctions.relay: destinations.onSuccess names function "reciever", which the app does not have (its functions: receiver, relay, work)');
    expect(existsSync(join(dir, '.wick', 'manifest.json'))).toBe(false);
  });

  it('fails for Tencent SCF, which has no destinations, naming the function, the destination and the platform, and writes no descriptor', () => {
    const dir = appWith((source) => source);
    const built = build(dir, 'tencent');
    expect(built.status).toBe(1);
    expect(built.stderr).toContain('function "work": destinations.onSuccess (file "results/ok.jsonl") cannot be expressed on Tencent SCF');
    expect(existsSync(join(dir, '.wick', 'serverless.yml'))).toBe(false);
  });
});
