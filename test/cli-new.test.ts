import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers/paths.js';

const scratch = mkdtempSync(join(tmpdir(), 'wick-new-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function wick(args: string[], cwd = scratch): string {
  return execFileSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
}

describe('wick new', () => {
  it('creates an app whose own tests pass after npm install', () => {
    wick(['new', 'my-app']);
    const appDir = join(scratch, 'my-app');
    const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('my-app');
    expect(manifest.dependencies.wick).toBe(`file:${ROOT.replace(/\/$/, '')}`);
    expect(readFileSync(join(appDir, '.gitignore'), 'utf8')).toMatch(/^node_modules\/$/m);

    const env = { ...process.env, NODE_ENV: '', VITEST: '', VITEST_WORKER_ID: '', VITEST_POOL_ID: '' };
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: appDir, env, stdio: 'pipe' });
    const output = execFileSync('npm', ['test'], { cwd: appDir, env, encoding: 'utf8' });
    expect(output).toMatch(/Tests\s+.*\d+ passed/);
    expect(output).not.toMatch(/\d+ failed/);

    // Its dependencies live beside the linked wick, not in the app: the build must still find them.
    wick(['build', appDir, '--platform', 'aws', '--minify'], appDir);
    const built = JSON.parse(readFileSync(join(appDir, '.wick', 'manifest.json'), 'utf8'));
    const hello = built.functions.find((fn: { name: string }) => fn.name === 'helloController');
    expect(hello.bundleBytes).toBeLessThan(250_000);
    expect(hello.initMs).toBeGreaterThan(0);
  }, 180_000);

  it('refuses a folder that is not empty', () => {
    const taken = join(scratch, 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'keep.txt'), 'mine');
    expect(() => wick(['new', 'taken'])).toThrow(/exists and is not empty/);
    expect(readFileSync(join(taken, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('asks for a directory', () => {
    expect(() => wick(['new'])).toThrow(/missing required argument 'dir'/);
  });
});
