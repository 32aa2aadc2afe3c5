import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/paths.js';
import { alive, descendants, runCli, type CliProcess } from './helpers/process.js';

/*
 * wick as a user gets it: `npm pack`, then a fresh app (the template, copied) that installs the tarball — a real copy
 * in node_modules, not the `file:` link the repo's own tests use — and runs its tests, `wick dev`, `wick build` and
 * `wick host` from there. Packed without scripts: `npm test` has just built dist/, and the suite must not rebuild it
 * under the other tests' feet.
 */
const scratch = mkdtempSync(join(tmpdir(), 'wick-tarball-'));
const appDir = join(scratch, 'app');
const installedCli = join(appDir, 'node_modules', 'wick', 'dist', 'src', 'cli', 'main.js');
/** The parent's vitest and env settings must not leak into the app's own runs. */
const env = { ...process.env, NODE_ENV: '', WICK_ENV: '', VITEST: '', VITEST_WORKER_ID: '', VITEST_POOL_ID: '' };
let packed: { filename: string; files: { path: string }[] };

const running: CliProcess[] = [];
afterAll(() => {
  running.forEach(({ child }) => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  rmSync(scratch, { recursive: true, force: true });
});

beforeAll(() => {
  [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: ROOT, env, encoding: 'utf8' }));
  cpSync(join(ROOT, 'app-template'), appDir, { recursive: true, filter: (source) => !['node_modules', 'dist', '.wick'].includes(basename(source)) });
  const manifestPath = join(appDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.dependencies.wick = `file:${join(scratch, packed.filename)}`;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  // better-sqlite3 (the store's embedded driver) compiles from source where its prebuilt binaries cannot be fetched.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: appDir, env: { ...env, npm_config_jobs: 'max' }, stdio: 'pipe', timeout: 480_000 });
}, 500_000);

/** The installed `wick` CLI (the package's own bin) as a real child process. */
function installedWick(args: string[]): CliProcess {
  const cli = runCli(args, env, installedCli);
  running.push(cli);
  return cli;
}

/** SIGTERM, then checks that the process exited and that, within a few seconds, nothing it started runs on. */
async function stopCleanly(cli: CliProcess): Promise<number | null> {
  const tree = descendants(cli.child.pid!);
  cli.child.kill('SIGTERM');
  const code = await cli.exited;
  for (let waited = 0; tree.some(alive) && waited < 5000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(tree.filter(alive), 'processes left after the stop').toEqual([]);
  return code;
}

describe('wick installed from a packed tarball', () => {
  it('ships the compiled package and the template, and none of wick\'s own tests or build output', () => {
    const paths = packed.files.map((file) => file.path);
    for (const needed of ['dist/src/index.js', 'dist/src/testing/index.js', 'dist/src/cli/main.js', 'dist/adapters/aws-lambda/index.js',
      'dist/src/cli/host.js', 'app-template/package.json', 'app-template/src/configuration.ts', 'app-template/test/app.test.ts']) {
      expect(paths).toContain(needed);
    }
    expect(paths.filter((path) => /^(test|src|adapters|runtime-host)\//.test(path) || /^app-template\/(dist|node_modules|\.wick)\//.test(path))).toEqual([]);
  });

  it('is installed as a copy of the tarball, not a link', () => {
    expect(lstatSync(join(appDir, 'node_modules', 'wick')).isSymbolicLink()).toBe(false);
    const lock = JSON.parse(readFileSync(join(appDir, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/wick'].resolved).toMatch(/\.tgz$/);
  });

  it('runs the app\'s own vitest tests through wick/testing', () => {
    const output = execFileSync('npx', ['vitest', 'run'], { cwd: appDir, env, encoding: 'utf8', timeout: 120_000 });
    expect(output).toMatch(/Tests\s+.*\d+ passed/);
    expect(output).not.toMatch(/\d+ failed/);
  }, 150_000);

  it('serves a request with wick dev, and stops leaving no process behind', async () => {
    const dev = installedWick(['dev', appDir, '--port', '0']);
    const [, url] = await dev.waitFor(/server ready.*?(http:\/\/127\.0\.0\.1:\d+)/, 60_000);
    const res = await fetch(`${url}/hello?name=tarball`);
    expect(await res.json()).toEqual({ message: 'hello tarball' });
    await stopCleanly(dev);
  }, 90_000);

  it('builds per-function artifacts with wick build, and wick host serves one over HTTP', async () => {
    const out = join(appDir, '.wick');
    execFileSync(process.execPath, [installedCli, 'build', appDir, '--platform', 'host', '--out', out], { cwd: appDir, env, stdio: 'pipe', timeout: 120_000 });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const hello = manifest.functions.find((fn: { name: string }) => fn.name === 'helloController');
    expect(hello).toBeDefined();
    expect(existsSync(join(out, 'functions', 'helloController', 'index.js'))).toBe(true);
    expect(existsSync(join(out, 'artifacts', 'helloController.zip'))).toBe(true);

    const host = installedWick(['host', '--dir', out, '--port', '0']);
    const [, url] = await host.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
    const res = await fetch(`${url}/hello?name=host`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: 'hello host' });
    expect(await stopCleanly(host)).toBe(0);
  }, 180_000);
});
