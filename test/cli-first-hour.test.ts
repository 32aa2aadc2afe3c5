import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI, ROOT, fixtureApp } from './helpers/paths.js';
import { alive, descendants, runCli, type CliProcess } from './helpers/process.js';

/** As a developer's shell has it: no env chosen, so the commands pick their own. */
const NO_ENV = { WICK_ENV: '', NODE_ENV: '' };

function wick(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const running: CliProcess[] = [];
afterEach(() => {
  running.splice(0).forEach(({ child }) => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
});

const scratch = mkdtempSync(join(tmpdir(), 'wick-first-hour-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of a fixture app that can import wick, so a test may edit its sources. */
function appCopy(fixture: string): string {
  const dir = mkdtempSync(join(scratch, `${fixture}-`));
  cpSync(fixtureApp(fixture), dir, { recursive: true, filter: (source) => !source.endsWith('/dist') });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** `wick dev` on the app; resolves with its URL once the first server answers. */
async function startDev(dir: string): Promise<{ cli: CliProcess; url: string }> {
  const cli = runCli(['dev', dir, '--port', '0'], NO_ENV);
  running.push(cli);
  const [, url] = await cli.waitFor(/\[wick dev\] started in \d+ ms .*: (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
  return { cli, url };
}

/** Saves as editors and `sed -i` do: a new file written beside the old one, then renamed over it. */
function atomicSave(file: string, change: (source: string) => string): void {
  writeFileSync(`${file}.tmp`, change(readFileSync(file, 'utf8')));
  renameSync(`${file}.tmp`, file);
}

async function gone(pids: number[], timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

const getJson = async (url: string) => (await fetch(url)).json();

describe('wick --version and --help', () => {
  it('prints the version from package.json', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const out = wick(['--version']);
    expect(out.code).toBe(0);
    expect(out.stdout.trim()).toBe(version);
  });

  it.each([
    [['new'], /--cjs/],
    [['dev'], /-p, --port <port>\s+port on 127\.0\.0\.1[\s\S]*default: the\s+app's\s+koa\.port, else 7001[\s\S]*env: PORT[\s\S]*--env <name>/],
    [['start'], /--build\s+compile with tsc first \(default: false\)/],
    [['invoke'], /--platform <name>[\s\S]*choices: "aws", "aliyun", "tencent"[\s\S]*--url <url>[\s\S]*--no-build/],
    [['routes'], /--no-build/],
    [['build'], /--platform <name>[\s\S]*default: "host"[\s\S]*--out <dir>\s+output folder \(default: <dir>\/\.wick\)/],
    [['host'], /--dir <dir>\s+build output with manifest\.json \(default: "\.wick"\)[\s\S]*--queue-size <n>[\s\S]*default: 10/],
    [['host', 'status'], /--url <url>\s+the host to ask \(default: "http:\/\/127\.0\.0\.1:9000"\)/],
  ])('wick %j --help lists its options with their defaults', (command, options) => {
    const out = wick([...command, '--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`^Usage: wick ${command.join(' ')} `));
    expect(out.stdout).toMatch(options);
  });

  it('answers a mistyped flag with a suggestion and a non-zero exit', () => {
    const out = wick(['dev', '--prot', '7002']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("error: unknown option '--prot'\n(Did you mean --port?)");
  });

  it('answers a mistyped command with a suggestion and a non-zero exit', () => {
    const out = wick(['biuld']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("error: unknown command 'biuld'\n(Did you mean build?)");
  });
});

describe('wick dev', () => {
  it('restarts on every atomic save (write beside, rename over), twice, and leaves no process behind', async () => {
    const dir = appCopy('dev-loop');
    const { cli, url } = await startDev(dir);
    expect(await getJson(`${url}/version`)).toEqual({ version: 1 });
    const source = join(dir, 'src/dev-loop.ts');
    for (const [restarts, version] of [[1, 2], [2, 3]]) {
      atomicSave(source, (text) => text.replace(/version: \d+/, `version: ${version}`));
      await cli.waitFor(new RegExp(`(?:[\\s\\S]*?\\[wick dev\\] restarted in \\d+ ms){${restarts}}`), 30_000);
      // The port stays the same across restarts.
      expect(await getJson(`${url}/version`)).toEqual({ version });
    }
    // One restart per save: the temporary file coming and going is none (chokidar reports an unlink 100 ms late).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cli.output().match(/change detected/g)).toHaveLength(2);
    const children = descendants(cli.child.pid!);
    expect(children.length).toBeGreaterThan(0);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(await gone(children)).toBe(true);
  }, 90_000);

  it('takes its server down with it even when killed with SIGKILL', async () => {
    const { cli } = await startDev(appCopy('dev-loop'));
    const children = descendants(cli.child.pid!);
    expect(children.length).toBeGreaterThan(0);
    cli.child.kill('SIGKILL');
    await cli.exited;
    expect(await gone(children)).toBe(true);
  }, 60_000);

  it('shows stack traces that point at the .ts sources', async () => {
    const { url } = await startDev(appCopy('dev-loop'));
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(500);
    const { error } = (await res.json()) as { error: { details: { stack: string[] } } };
    expect(error.details.stack[0]).toBe('Error: boom');
    expect(error.details.stack[1]).toMatch(/\/src\/dev-loop\.ts:\d+:\d+\)$/);
  }, 60_000);

  it('fires S3 and OSS events at the running server with wick invoke --url; the server keeps their effect', async () => {
    const { url } = await startDev(appCopy('dev-loop'));
    const s3 = wick(['invoke', 'storageFunction-uploaded', '--url', url, '--event', join(ROOT, 'test/fixtures/events/aws/s3-put-doc.json')]);
    expect(s3.stderr).toBe('');
    expect(s3.code).toBe(0);
    expect(JSON.parse(s3.stdout)).toEqual({ stored: ['b21b84d653bb07b05b1e6b33684dc11b'] });
    const ossEvent = join(ROOT, 'test/fixtures/events/aliyun/oss-trigger-doc.json');
    const oss = wick(['invoke', 'storageFunction-uploaded', '--url', url, '--platform', 'aliyun', '--event', ossEvent]);
    expect(oss.code, oss.stderr).toBe(0);
    expect(JSON.parse(oss.stdout)).toEqual({ stored: ['source/a.png'] });
    // They ran in the dev server itself: its HTTP routes see what the storage function did.
    expect(await getJson(`${url}/received`)).toEqual(['b21b84d653bb07b05b1e6b33684dc11b', 'source/a.png']);
  }, 60_000);

  it("hands an SDK Invoke's ClientContext to the function as ctx.originContext.clientContext, as the host does", async () => {
    const { url } = await startDev(appCopy('dev-loop'));
    const lambda = new LambdaClient({ endpoint: url, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const clientContext = { client: { app_title: 'dev test' }, custom: { tenant: 'acme' } };
    const invoke = async (extra: { ClientContext?: string }) => {
      const { Payload } = await lambda.send(new InvokeCommand({ FunctionName: 'contextFunction-origin', Payload: '{}', ...extra }));
      return JSON.parse(Buffer.from(Payload!).toString('utf8'));
    };
    expect(await invoke({ ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64') })).toEqual({ clientContext });
    expect(await invoke({})).toEqual({ clientContext: null });
    lambda.destroy();
  }, 60_000);

  it("refuses a cross-site request on the Invoke API, as the host does, and leaves the app's routes open", async () => {
    const { url } = await startDev(appCopy('dev-loop'));
    const invocations = `${url}/2015-03-31/functions/storageFunction-uploaded/invocations`;
    const crossSite = await fetch(invocations, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'text/plain' }, body: '{}' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(await getJson(`${url}/received`)).toEqual([]);
    expect((await fetch(`${url}/received`, { headers: { origin: 'http://evil.example' } })).status).toBe(200);
  }, 60_000);

  it('reports a function name the server does not have, as the host does', async () => {
    const { url } = await startDev(appCopy('dev-loop'));
    const out = wick(['invoke', 'nope', '--url', url]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/ResourceNotFoundException: Function not found: arn:aws:lambda:local:000000000000:function:nope/);
  }, 60_000);
});

describe('wick start', () => {
  it('does not serve the Invoke API outside wick dev', async () => {
    const dir = appCopy('dev-loop');
    const cli = runCli(['start', dir, '--build', '--port', '0'], { WICK_ENV: 'local' });
    running.push(cli);
    const [, url] = await cli.waitFor(/server ready.*(http:\/\/127\.0\.0\.1:\d+)/, 30_000);
    const res = await fetch(`${url}/2015-03-31/functions/storageFunction-uploaded/invocations`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    const out = wick(['invoke', 'storageFunction-uploaded', '--url', url]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`${url} does not serve the Invoke API`);
  }, 60_000);
});

describe('wick invoke', () => {
  const app = fixtureApp('dev-loop');

  it('runs with the env wick dev uses (local) when none is set', () => {
    const out = wick(['invoke', 'envFunction-which', app], NO_ENV);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ configFile: 'local' });
  });

  it.each([
    ['--env', ['--env', 'prod'], NO_ENV],
    ['WICK_ENV', [], { ...NO_ENV, WICK_ENV: 'prod' }],
    ['NODE_ENV', [], { ...NO_ENV, NODE_ENV: 'production' }],
  ])('runs with the env %s names', (_, flags, env) => {
    const out = wick(['invoke', 'envFunction-which', app, '--no-build', ...flags], env);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ configFile: 'prod' });
  });

  it('refuses --env with --url: the running server has its own', () => {
    const out = wick(['invoke', 'envFunction-which', '--url', 'http://127.0.0.1:9', '--env', 'prod']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("option '--url <url>' cannot be used with option '--env <name>'");
  });
});
