import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIDWAY_TSCONFIG } from '../src/cli/module-style.js';
import { CLI, ROOT } from './helpers/paths.js';
import { runCli } from './helpers/process.js';

const scratch = mkdtempSync(join(tmpdir(), 'wick-new-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function wick(args: string[], cwd = scratch): string {
  return execFileSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
}

const env = { ...process.env, NODE_ENV: '', VITEST: '', VITEST_WORKER_ID: '', VITEST_POOL_ID: '' };

/** npm install, then the app's own tests; returns their output. */
function installAndTest(appDir: string): string {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: appDir, env, stdio: 'pipe' });
  return execFileSync('npm', ['test'], { cwd: appDir, env, encoding: 'utf8' });
}

/** `wick build --minify` for AWS; returns the hello artifact's size in bytes and what the build said on stderr. */
function buildHello(appDir: string): { bytes: number; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'build', appDir, '--platform', 'aws', '--minify'], { cwd: appDir, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  const built = JSON.parse(readFileSync(join(appDir, '.wick', 'manifest.json'), 'utf8'));
  const hello = built.functions.find((fn: { name: string }) => fn.name === 'helloController');
  expect(hello.initMs).toBeGreaterThan(0);
  return { bytes: hello.bundleBytes, stderr: result.stderr };
}

function sourceFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' })).filter((name) => name.endsWith('.ts')).map((name) => join(dir, name));
}

let esmHelloBytes: number | undefined;

describe('wick new', () => {
  it('creates an ES module app whose own tests pass after npm install', () => {
    wick(['new', 'my-app']);
    const appDir = join(scratch, 'my-app');
    const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('my-app');
    expect(manifest.type).toBe('module');
    expect(manifest.dependencies.wick).toBe(`file:${ROOT.replace(/\/$/, '')}`);
    expect(readFileSync(join(appDir, '.gitignore'), 'utf8')).toMatch(/^node_modules\/$/m);

    const output = installAndTest(appDir);
    expect(output).toMatch(/Tests\s+.*\d+ passed/);
    expect(output).not.toMatch(/\d+ failed/);

    // Its dependencies live beside the linked wick, not in the app: the build must still find them.
    esmHelloBytes = buildHello(appDir).bytes;
    expect(esmHelloBytes).toBeLessThan(250_000);
  }, 180_000);

  it('with --cjs creates a Midway-shaped CommonJS app whose tests pass, whose bundles are as small and which serves its config', async () => {
    wick(['new', '--cjs', 'my-cjs-app']);
    const appDir = join(scratch, 'my-cjs-app');
    const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
    expect(manifest.type).toBeUndefined();
    expect(JSON.parse(readFileSync(join(appDir, 'tsconfig.json'), 'utf8'))).toEqual(MIDWAY_TSCONFIG);
    const imports = sourceFiles(join(appDir, 'src')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']*)'/g)].map((match) => match[1]));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((specifier) => specifier.endsWith('.js'))).toEqual([]);

    const output = installAndTest(appDir);
    expect(output).toMatch(/Tests\s+.*\d+ passed/);
    expect(output).not.toMatch(/\d+ failed/);

    const { bytes, stderr } = buildHello(appDir);
    // The app installed its own typescript (a devDependency of the template): the build says which compiler ran.
    expect(stderr).toContain(`wick: compiler: typescript 7.0.2 (${join(appDir, 'node_modules', 'typescript')})`);
    expect(stderr).toMatch(/^wick: tsconfig: moduleResolution node → bundler, strict unset → false/m);
    expect(bytes).toBeLessThan(250_000);
    expect(Math.abs(bytes - esmHelloBytes!)).toBeLessThan(esmHelloBytes! / 100);

    const server = runCli(['start', appDir, '--build', '--port', '0'], { WICK_ENV: 'prod' });
    try {
      const [, url] = await server.waitFor(/server ready at (http:\/\/[\d.:]+)/, 30_000);
      const users = await (await fetch(`${url}/users`)).json();
      expect(users).toEqual([expect.objectContaining({ name: 'Ada Lovelace', email: 'ada@example.com' })]);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 240_000);

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
