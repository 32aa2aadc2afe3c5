#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { PLATFORM_NAMES } from '../../adapters/registry.js';
import { BUILD_TARGETS, type BuildTarget } from '../build/targets.js';
import { hostCommand } from './host.js';
import { tokenOption } from './host-token.js';
import { limitsFrom, portNumber, retryDelayOption, withServerFlags, type ServerFlags } from './flags.js';

// Each command imports what it needs when it runs: `wick --help` does not load esbuild or the app's framework.

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const portOption = (where: string) =>
  new Option('-p, --port <port>', `port ${where}, 0 for any free one (default: the app's koa.port, else 7001)`).env('PORT').argParser(portNumber);
const envOption = (what: string) =>
  new Option('--env <name>', `the app's env (config.<env>.ts) ${what} (default: WICK_ENV or NODE_ENV when set, else local)`);
const dirArgument = ['[dir]', 'the app folder', '.'] as const;

const program = new Command('wick')
  .description('Midway-style TypeScript apps as one Koa server or as scale-to-zero functions')
  .version(version, '-v, --version', 'print the version of wick')
  .showSuggestionAfterError()
  .showHelpAfterError('(wick <command> --help lists its options)');

program
  .command('new')
  .description('create an app from the template')
  .argument('<dir>', 'folder to create (absent or empty)')
  .option('--cjs', "Midway's CommonJS shape (Midway's boilerplate tsconfig) instead of ES modules")
  .action(async (dir: string, { cjs }: { cjs?: boolean }) => {
    const { createProject } = await import('./new.js');
    const created = createProject(dir, cjs ? 'commonjs' : 'esm');
    console.log(`created ${created}\nnext: cd ${created} && npm install && npm test`);
  });

withServerFlags(program.command('dev').description('compile, serve and restart on every change under src/ (env: local)').argument(...dirArgument).addOption(portOption('on 127.0.0.1 unless --host says otherwise')), '127.0.0.1, this machine only')
  .addOption(envOption('while developing'))
  .addOption(retryDelayOption())
  .action(async (dir: string, { port, host, env, retryDelay, ...limits }: { port?: number; env?: string; retryDelay: number } & ServerFlags) => {
    const [{ dev }, { developmentEnv }] = await Promise.all([import('./dev.js'), import('./env.js')]);
    await dev({ dir, port, host, limits: limitsFrom(limits), env: developmentEnv(env), retryDelayMs: retryDelay });
  });

withServerFlags(program.command('start').description('serve the compiled app from <dir>/dist (env: WICK_ENV or NODE_ENV, else prod)').argument(...dirArgument).addOption(portOption('to listen on')), 'every interface, as Midway')
  .option('--build', 'compile with tsc first', false)
  .addOption(retryDelayOption())
  .action(async (dir: string, { port, host, build, retryDelay, ...limits }: { port?: number; build: boolean; retryDelay: number } & ServerFlags) =>
    (await import('./start.js')).start({ dir, port, host, limits: limitsFrom(limits), build, retryDelayMs: retryDelay }),
  );

program
  .command('invoke')
  .description('run one function and print its result as JSON on stdout (logs go to stderr)')
  .argument('<function>', 'the function name (wick routes lists them)')
  .argument(...dirArgument)
  .option('--event <file>', 'the event, from a JSON file')
  .option('--data <json>', 'the event, inline (default: {})')
  .addOption(new Option('--platform <name>', "pass the event through this platform's adapter, as the platform would").choices(PLATFORM_NAMES))
  .addOption(envOption('to run with'))
  .addOption(
    new Option('--url <url>', 'send the event to the Lambda Invoke API of a running wick dev or wick host, e.g. http://127.0.0.1:7001 (an AWS event, or with --platform one for wick dev)').conflicts(['env', 'build']),
  )
  .addOption(tokenOption('with --url: the token of the wick host there, if it has one'))
  .option('--no-build', 'use the compiled dist/ as it is')
  .action(async (functionName: string, dir: string, options: { event?: string; data?: string; platform?: string; env?: string; url?: string; token?: string; build: boolean }) =>
    (await import('./invoke.js')).invoke({ functionName, dir, ...options }),
  );

program
  .command('routes')
  .description("list the controllers' routes, the functions and their triggers")
  .argument(...dirArgument)
  .option('--no-build', 'use the compiled dist/ as it is')
  .action(async (dir: string, { build }: { build: boolean }) => {
    const [{ loadCompiledApp }, { formatRoutes }] = await Promise.all([import('./load-app.js'), import('./routes.js')]);
    const app = await loadCompiledApp(dir, build, { config: { logger: { level: 'warn' } } });
    process.stdout.write(formatRoutes(app));
    await app.close();
  });

program
  .command('build')
  .description('one small bundle per function, zips, manifest.json and deploy descriptors')
  .argument(...dirArgument)
  .addOption(new Option('--platform <name>', 'the platform to build for').choices(BUILD_TARGETS).default('host'))
  .option('--out <dir>', 'output folder (default: <dir>/.wick)')
  .option('--minify', 'minify the bundles', true)
  .option('--no-minify', 'readable bundles instead')
  .option('--sourcemap', 'write index.js.map beside each bundle, for stack traces under node --enable-source-maps', true)
  .option('--no-sourcemap', 'no source maps')
  .option('--aggregate', 'all HTTP-only functions in one artifact with an internal router', false)
  .option('--runtime <name>', "the platform's Node.js runtime, e.g. nodejs22.x (default: the newest it offers)")
  .option('--measure-init', "measure every function's init time (default: every one of an app of up to 16 functions, 16 of a larger one)", false)
  .action(async (dir: string, options: { platform: BuildTarget; out?: string; minify: boolean; sourcemap: boolean; aggregate: boolean; runtime?: string; measureInit: boolean }) => {
    const { buildApp } = await import('../build/index.js');
    const started = Date.now();
    await buildApp({ appDir: dir, ...options, log: (line) => process.stderr.write(`${line}\n`) });
    process.stderr.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });

program.addCommand(hostCommand());

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`wick: ${err.message}\n`);
  process.exit(1);
});
