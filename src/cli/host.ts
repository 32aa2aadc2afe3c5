import { Command, Option } from 'commander';
import { duration, portNumber, retryDelayOption, wholeNumber } from './flags.js';
import { type HostOptions } from '../../runtime-host/host.js';
import { LOOPBACK_HOST } from '../http/listen-address.js';
import { tokenOption } from './host-token.js';

/** Small: each waiting runtime holds a node process's memory (about 40 MB) and is used once. */
const RUNTIME_POOL_DEFAULT = 2;

interface HostFlags {
  dir: string;
  port?: number;
  host: string;
  allowedHost: string[];
  token?: string;
  idleTimeout?: number;
  queueSize?: number;
  retryDelay: number;
  drainTimeout: number;
  runtimePool?: number;
  prices?: string;
}

/** `wick host` and `wick host status`; what they run is imported when they run, so `wick --help` stays light. */
export function hostCommand(): Command {
  const host = new Command('host')
    .summary("run a build's functions as a local FaaS platform")
    .description(
      'Runs the functions of a build (wick build <app> --platform host --out <dir>) as a local FaaS platform: ' +
        'one process per instance, scale-to-zero, HTTP triggers on 127.0.0.1 (or --host), the Lambda Invoke API at ' +
        '/2015-03-31/functions/<name>/invocations, timers, a durable async queue and /-/status.',
    )
    .option('--dir <dir>', 'build output with manifest.json', '.wick')
    .addOption(new Option('--port <port>', 'port to listen on, 0 for any free one').env('PORT').default(9000).argParser(portNumber))
    .option('--host <address>', 'address to listen on; beyond loopback (0.0.0.0, a LAN address) --token is required', LOOPBACK_HOST)
    .option('--allowed-host <name>', 'a Host name the control routes accept beyond loopback names and IP addresses (repeatable)', (name: string, names: string[]) => [...names, name], [])
    .addOption(tokenOption('secret the control routes (Invoke API, /-/status) require: Authorization: Bearer <token>, or an AWS SDK signing with it as the secret access key'))
    .addOption(new Option('--idle-timeout <duration>', "stop instances idle this long, overriding each function's idleTimeout").argParser(duration('idle-timeout')))
    .addOption(new Option('--queue-size <n>', 'requests that may wait per function at maxInstances before 429').default(10).argParser(wholeNumber('queue-size', 0, 10_000)))
    .addOption(retryDelayOption())
    .addOption(new Option('--drain-timeout <duration>', 'how long SIGTERM/SIGINT lets in-flight requests finish').default(10_000, '10s').argParser(duration('drain-timeout')))
    .addOption(
      new Option('--runtime-pool <n>', 'started runtimes (per memory size) that cold starts take instead of spawning node; 0 turns the pool off')
        .default(RUNTIME_POOL_DEFAULT)
        .argParser(wholeNumber('runtime-pool', 0, 32)),
    )
    .option('--prices <file>', "JSON overriding the bill's list prices, e.g. {\"aws\": {\"perGbSecond\": 0.0000133334}}")
    // A stray word gets a hint rather than commander's "too many arguments".
    .allowExcessArguments()
    .action(async (flags: HostFlags, command: Command) => {
      if (command.args.length > 0) command.error(`error: unexpected argument "${command.args[0]}" (the build folder goes in --dir; the subcommands are status and bill)`);
      await runHost({
        dir: flags.dir,
        port: flags.port ?? 9000,
        host: flags.host,
        allowedHosts: flags.allowedHost,
        token: flags.token,
        idleTimeoutMs: flags.idleTimeout,
        queueSize: flags.queueSize ?? 10,
        retryDelayMs: flags.retryDelay,
        drainTimeoutMs: flags.drainTimeout,
        runtimePool: flags.runtimePool ?? RUNTIME_POOL_DEFAULT,
        pricesFile: flags.prices,
      });
    });
  host
    .command('status')
    .description('instances and counters of a running host')
    .option('--url <url>', 'the host to ask', 'http://127.0.0.1:9000')
    .action(async ({ url }: { url: string }, command: Command) => {
      const { fetchStatus, formatStatus } = await import('./host-status.js');
      // --token is `wick host`'s own option (the host's token), which commander reads wherever it stands.
      const { token } = command.optsWithGlobals<{ token?: string }>();
      process.stdout.write(formatStatus(await fetchStatus(url, token)));
    });
  host
    .command('bill')
    .description("what the host metered over --dir, priced on AWS Lambda, Aliyun FC and Tencent SCF beside an always-on instance")
    .option('--url <url>', 'ask a running host instead (at its own prices)')
    .option('--prices <file>', 'JSON overriding the list prices')
    .action(async ({ url, prices }: { url?: string; prices?: string }, command: Command) => {
      const { billOfFolder, fetchBill, formatBill } = await import('./host-bill.js');
      const { dir, token } = command.optsWithGlobals<{ dir: string; token?: string }>();
      process.stdout.write(formatBill(url === undefined ? billOfFolder(dir, prices) : await fetchBill(url, token)));
    });
  return host;
}

async function runHost(options: HostOptions): Promise<void> {
  const host = await (await import('../../runtime-host/host.js')).startHost(options);
  // No instance outlives the host, whatever ends it.
  process.on('exit', () => host.killInstances());
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) {
      host.killInstances();
      process.exit(1);
    }
    signalled = true;
    process.stdout.write(`[host] ${signal}: draining (up to ${options.drainTimeoutMs} ms), then stopping\n`);
    host.stop().then(
      () => {
        process.stdout.write('[host] stopped\n');
        process.exit(0);
      },
      (err: Error) => {
        process.stderr.write(`[host] stop failed: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.stdout.write(`wick host listening on ${host.url} (functions from ${options.dir})\n`);
}
