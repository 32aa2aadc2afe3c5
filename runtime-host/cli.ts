import { parseArgs } from 'node:util';
import { parseDuration } from '../src/functions/timers.js';
import { startHost, type HostOptions } from './host.js';
import { fetchStatus, formatStatus } from './status.js';

const HOST_USAGE = `usage: wick host [--dir .wick] [--port 9000] [--idle-timeout 60s] [--queue-size 10] [--retry-delay 1m] [--drain-timeout 10s]
       wick host status [--url http://127.0.0.1:9000]

Runs the functions of a build (wick build <app> --platform host --out <dir>) as a local FaaS platform:
one process per instance, scale-to-zero, HTTP triggers on 127.0.0.1, the Lambda Invoke API at
/2015-03-31/functions/<name>/invocations, timers, a durable async queue and /-/status.

  --dir            build output with manifest.json (default .wick)
  --port           port on 127.0.0.1, 0 for any free one (default 9000)
  --idle-timeout   stop instances idle this long, overriding each function's idleTimeout
  --queue-size     requests that may wait per function at maxInstances before 429 (default 10)
  --retry-delay    delay before the first async retry; the second waits twice as long (default 1m, as Lambda)
  --drain-timeout  how long SIGTERM/SIGINT lets in-flight requests finish (default 10s)`;

function duration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value);
  } catch (err) {
    throw new Error(`--${flag}: ${(err as Error).message}`);
  }
}

function count(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new Error(`--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return number;
}

/** Flags to options; anything unknown or malformed is an error that names the flag. */
function parseHostArgs(argv: string[]): { command: 'run' | 'status' | 'help'; options: HostOptions; url: string } {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string', default: '.wick' },
      port: { type: 'string' },
      'idle-timeout': { type: 'string' },
      'queue-size': { type: 'string' },
      'retry-delay': { type: 'string' },
      'drain-timeout': { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== 'status')) {
    throw new Error(`unexpected argument "${positionals.find((arg) => arg !== 'status') ?? positionals[1]}" (the build folder goes in --dir)\n\n${HOST_USAGE}`);
  }
  const command = values.help ? 'help' : positionals[0] === 'status' ? 'status' : 'run';
  const options: HostOptions = {
    dir: values.dir!,
    port: count('port', values.port ?? process.env.PORT, 9000, 0, 65535),
    idleTimeoutMs: duration('idle-timeout', values['idle-timeout']),
    queueSize: count('queue-size', values['queue-size'], 10, 0, 10_000),
    retryDelayMs: duration('retry-delay', values['retry-delay']) ?? 60_000,
    drainTimeoutMs: duration('drain-timeout', values['drain-timeout']) ?? 10_000,
  };
  return { command, options, url: values.url ?? `http://127.0.0.1:${values.port ?? 9000}` };
}

/** `wick host` and `wick host status`. */
export async function hostCommand(argv: string[]): Promise<void> {
  const { command, options, url } = parseHostArgs(argv);
  if (command === 'help') return void console.log(HOST_USAGE);
  if (command === 'status') return void process.stdout.write(formatStatus(await fetchStatus(url)));
  const host = await startHost(options);
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
