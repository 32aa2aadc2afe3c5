import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertApp, type ModuleStyle } from '../../src/cli/module-style.js';
import { ROOT } from '../helpers/paths.js';
import { runCli, type CliProcess } from '../helpers/process.js';
import { invoke, removeDir, startHost, type HostProcess } from '../host/helpers.js';
import { fetchAnswer, invokeAnswer, runNode, runSteps, runWick, type EventCheck, type HttpCheck, type Mode } from './answers.js';
import { type MidwayApp } from './cases.js';

const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
/** A check through `wick invoke` starts one process per step; a loaded machine takes seconds for each. */
const INVOKE_TIMEOUT_MS = 60_000;
/** A host check may cold-start an instance per step. */
const HOST_TIMEOUT_MS = 30_000;

/** This test run's environment without what vitest sets, so the children pick their own env as a user's shell would. */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')));
}

/**
 * A temp copy of the app in the given form: the fixture is the CommonJS form; the ES module form is made from it
 * by convertApp. Its node_modules is this repo's, where `wick` links to this checkout.
 */
function prepareApp(name: string, style: ModuleStyle): string {
  const dir = mkdtempSync(join(tmpdir(), `wick-midway-${name}-${style}-`));
  const skipped = new Set(['node_modules', 'dist', '.wick']);
  cpSync(join(ROOT, 'test', 'fixtures', 'midway', name), dir, { recursive: true, filter: (source) => !skipped.has(basename(source)) });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (style === 'esm') convertApp(dir, 'esm');
  return dir;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const applies = (mode: Mode) => (check: HttpCheck) => !check.modes || check.modes.includes(mode);

async function stop(cli: CliProcess | undefined): Promise<void> {
  if (!cli || cli.child.exitCode !== null || cli.child.signalCode !== null) return;
  cli.child.kill('SIGTERM');
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), 10_000);
  await cli.exited;
  clearTimeout(timer);
}

/**
 * Runs one Midway-shaped app in its CommonJS and ES module forms: as a server through real HTTP, as functions
 * through `wick invoke` and `wick host`, and its own vitest tests.
 */
export function midwaySuite(app: MidwayApp): void {
  // The two forms run side by side (their work is in child processes); each form's steps run in order.
  describe.concurrent.each(['commonjs', 'esm'] as const)(`${app.name} (%s)`, (style) => {
    describe.sequential('', () => {
      let dir: string;
      const env = userEnv();
      beforeAll(() => {
        dir = prepareApp(app.name, style);
      });
      afterAll(() => removeDir(dir));

      describe.each([
        ['wick start --build', ['start', '--build']],
        ['wick dev', ['dev']],
      ])('server mode: %s', (_title, command) => {
        let server: CliProcess | undefined;
        let url: string;
        beforeAll(async () => {
          server = runCli([command[0], dir, ...command.slice(1), '--port', '0'], env);
          const exited = server.exited.then((code) => Promise.reject(new Error(`wick ${command[0]} exited ${code}:\n${server!.output()}`)));
          exited.catch(() => undefined); // read only by the race: a later exit (afterAll stops it) is no error
          url = (await Promise.race([server.waitFor(/server ready.*?(http:\/\/127\.0\.0\.1:\d+)/, 60_000), exited]))[1];
        }, 70_000);
        afterAll(() => stop(server));

        it.each(app.http.filter(applies('server')))('$name', async (check) => {
          const answers = await runSteps(check, (request) => fetchAnswer(url, request));
          // Log lines are written asynchronously: wait for them rather than read the output once.
          if (check.logsWithRequestId) {
            const requestId = answers[0].headers['x-request-id'];
            expect(requestId).toBeTruthy();
            await server!.waitFor(new RegExp(`^(?=.*${escapeRegExp(check.logsWithRequestId)})(?=.*${escapeRegExp(requestId)}).*$`, 'm'), 5_000);
          }
          for (const text of check.logs ?? []) await server!.waitFor(new RegExp(escapeRegExp(text)), 5_000);
        });
      });

      describe('functions: wick invoke', () => {
        beforeAll(async () => {
          // wick routes compiles the app, so each invoke can skip that (--no-build).
          const routes = await runWick(['routes', dir], { env });
          if (routes.code !== 0) throw new Error(`wick routes exited ${routes.code}:\n${routes.stdout}${routes.stderr}`);
        }, 60_000);

        // Each invoke is its own process: they run side by side.
        it.concurrent.each(app.http.filter(applies('invoke')))('$name', async (check) => {
          await runSteps(check, (request) => invokeAnswer(dir, check.functionName, request, env));
        }, INVOKE_TIMEOUT_MS);

        it.concurrent.each(app.events)('$name', async (check: EventCheck) => {
          const args = ['invoke', check.functionName, dir, '--no-build', '--data', JSON.stringify(check.payload), ...(check.awsEvent ? ['--platform', 'aws'] : [])];
          const out = await runWick(args, { env });
          expect(out.code, `${out.stdout}${out.stderr}`).toBe(0);
          expect(JSON.parse(out.stdout)).toEqual(check.result);
        }, INVOKE_TIMEOUT_MS);
      });

      describe('functions: wick build --platform host --minify + wick host', () => {
        let out: string | undefined;
        let host: HostProcess | undefined;
        beforeAll(async () => {
          out = mkdtempSync(join(tmpdir(), `wick-midway-${app.name}-${style}-build-`));
          // Minified, as deployed: the size the template's hello limit is measured on.
          const build = await runWick(['build', dir, '--platform', 'host', '--minify', '--out', out], { env, timeoutMs: 120_000 });
          if (build.code !== 0) throw new Error(`wick build exited ${build.code}:\n${build.stdout}${build.stderr}`);
          host = await startHost(out);
        }, 130_000);
        afterAll(async () => {
          if (host) expect(await host.stop()).toBe(0);
          removeDir(out);
        });

        it.each(Object.entries(app.bundleLimits))('the %s bundle stays under %i bytes minified', (name, limit) => {
          const manifest = JSON.parse(readFileSync(join(out!, 'manifest.json'), 'utf8')) as { functions: { name: string; bundleBytes: number }[] };
          const fn = manifest.functions.find((candidate) => candidate.name === name);
          expect(fn, `built: ${manifest.functions.map((candidate) => candidate.name).join(', ')}`).toBeDefined();
          expect(fn!.bundleBytes).toBeLessThan(limit);
        });

        it.each(app.http.filter(applies('host')))('$name', async (check) => {
          await runSteps(check, (request) => fetchAnswer(host!.url, request));
        }, HOST_TIMEOUT_MS);

        it.each(app.events)('$name', async (check: EventCheck) => {
          const answer = await invoke(host!.url, check.functionName, check.host?.payload ?? check.payload);
          expect(answer.headers.get('x-amz-function-error'), JSON.stringify(answer.body)).toBeNull();
          expect(answer.body).toEqual(check.host?.result ?? check.result);
        }, HOST_TIMEOUT_MS);
      });

      it("passes the app's own tests (vitest with wick/testing's Midway helpers)", async () => {
        const result = await runNode([VITEST, 'run'], { cwd: dir, env, timeoutMs: 120_000 });
        const output = stripVTControlCharacters(`${result.stdout}${result.stderr}`);
        expect(result.code, output).toBe(0);
        expect(output).toMatch(/Tests\s+\d+ passed/);
      }, 130_000);
    });
  });
}
