import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, fixtureApp } from './helpers/paths.js';
import { runCli, type CliProcess } from './helpers/process.js';

const running: CliProcess[] = [];
afterEach(() => {
  running.splice(0).forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL'));
});

function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cli = runCli(args, { WICK_ENV: 'prod', ...env });
  running.push(cli);
  return cli;
}

async function readyUrl(cli: CliProcess): Promise<string> {
  return (await cli.waitFor(/server ready at (http:\/\/127\.0\.0\.1:\d+)/))[1];
}

describe('wick start', () => {
  it('finishes an in-flight request on SIGTERM, runs onStop and @Destroy, and exits 0', async () => {
    const cli = startCli(['start', fixtureApp('slow'), '--build', '--port', '0']);
    const url = await readyUrl(cli);
    const inFlight = fetch(`${url}/slow?ms=700`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    cli.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/hook:onStop\n[\s\S]*hook:destroy\n/);
    await expect(fetch(`${url}/version`)).rejects.toThrow();
  });

  it('stops on SIGINT too', async () => {
    const cli = startCli(['start', fixtureApp('slow'), '--port', '0']);
    await readyUrl(cli);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('takes the port from PORT when --port is absent', async () => {
    const probe = startCli(['start', fixtureApp('slow'), '--port', '0']);
    const free = Number(new URL(await readyUrl(probe)).port);
    probe.child.kill('SIGTERM');
    await probe.exited;
    const cli = startCli(['start', fixtureApp('slow')], { PORT: String(free) });
    expect(await readyUrl(cli)).toBe(`http://127.0.0.1:${free}`);
  });

  it('refuses an invalid port with a clear message', async () => {
    const cli = startCli(['start', fixtureApp('slow'), '--port', 'eighty']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('--port must be a whole number from 0 to 65535, got "eighty"');
  });
});

describe('wick dev', () => {
  it('serves TypeScript sources and restarts when a file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wick-dev-'));
    try {
      cpSync(fixtureApp('slow'), dir, { recursive: true, filter: (source) => !source.endsWith('/dist') });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      const cli = startCli(['dev', dir, '--port', '0'], { WICK_ENV: '', NODE_ENV: '' });
      const first = await readyUrl(cli);
      expect(await (await fetch(`${first}/version`)).json()).toEqual({ version: 1 });

      const controller = join(dir, 'src/controller/slow.ts');
      writeFileSync(controller, readFileSync(controller, 'utf8').replace('version: 1', 'version: 2'));
      await cli.waitFor(/change detected, restarting/);
      const restarted = await cli.waitFor(/server ready at (http:\/\/127\.0\.0\.1:\d+)[\s\S]*server ready at (http:\/\/127\.0\.0\.1:\d+)/);
      expect(await (await fetch(`${restarted[2]}/version`)).json()).toEqual({ version: 2 });
      expect(cli.output()).toContain('"env":"local"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
