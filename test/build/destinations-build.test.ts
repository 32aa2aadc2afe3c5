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

/** Two HTTP functions, one of them with a destination, added to the fixture's functions. */
const HTTP_FUNCTIONS = `
@Provide()
export class Hooks {
  @ServerlessFunction({ functionName: 'hook', destinations: { onSuccess: 'receiver' } })
  @ServerlessTrigger(ServerlessTriggerType.HTTP, { path: '/hook', method: 'post' })
  async hook() {
    return 'hooked';
  }

  @ServerlessFunction({ functionName: 'plain' })
  @ServerlessTrigger(ServerlessTriggerType.HTTP, { path: '/plain' })
  async plain() {
    return 'plain';
  }
}
`;

describe('wick build: destinations', () => {
  it('keeps an HTTP function with a destination out of the aggregate artifact, so its records keep its name, and carries the destinations in the manifest', () => {
    const dir = appWith((source) => source + HTTP_FUNCTIONS);
    const built = spawnSync(process.execPath, [CLI, 'build', dir, '--platform', 'host', '--aggregate', '--out', join(dir, '.wick')], { encoding: 'utf8', timeout: 60_000 });
    expect(built.status, built.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, '.wick', 'manifest.json'), 'utf8'));
    const named = (name: string) => manifest.functions.find((fn: { name: string }) => fn.name === name);
    expect(named('app').serves).toEqual(['plain']);
    expect(named('hook').destinations).toEqual({ onSuccess: { function: 'receiver' } });
    expect(named('relay').destinations).toEqual({ onSuccess: { function: 'receiver' }, onFailure: { queue: 'relay-failures' } });
    expect(named('receiver')).not.toHaveProperty('destinations');
  });

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
