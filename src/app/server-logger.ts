import { createRequire } from 'node:module';
import { pino, multistream, stdTimeFunctions, type LogFn, type StreamEntry } from 'pino';
import type PinoPretty from 'pino-pretty';
import { formatMessage, type Logger, type LoggerFactory, type LogLevel } from '../logging/logger.js';
import { DEFAULT_SECRETS, redactSecrets, type SecretNames } from '../logging/redact.js';

export interface ServerLoggerOptions {
  level?: LogLevel;
  /** Human-readable lines with colours instead of JSON. */
  pretty?: boolean;
  /** Info and below; warnings and errors go to `stderr`. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Field names whose values are written as `[redacted]` (configuredSecrets); by default the credential headers. */
  secrets?: SecretNames;
}

/** Midway's logger formats every argument past the placeholders (util.format); pino would drop them. */
function logMethod(this: unknown, args: unknown[], method: LogFn): void {
  const [first, ...rest] = args;
  const textFirst = typeof first === 'string';
  if (args.length > (textFirst ? 1 : 2)) {
    if (textFirst) return method.call(this, formatMessage(args)!);
    return method.call(this, first as object, formatMessage(rest));
  }
  return (method as (...all: unknown[]) => void).apply(this, args);
}

/**
 * The server's logger, through pino: JSON lines shaped like the bundles' logger, or pino-pretty's coloured
 * lines. Both write synchronously to the given streams (no worker thread), so a line is out before a crash.
 */
export function createServerLogger({ level = 'info', pretty = false, stdout = process.stdout, stderr = process.stderr, secrets = DEFAULT_SECRETS }: ServerLoggerOptions = {}): Logger {
  // Loaded only for a person at a terminal: it costs a production server ~20 ms of boot.
  const prettyStream = pretty ? (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty).build : undefined;
  const toStream = (destination: NodeJS.WritableStream) =>
    prettyStream ? prettyStream({ destination, sync: true, colorize: true, messageKey: 'message', translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) : destination;
  const streams: StreamEntry<LogLevel>[] = [
    { level: 'trace', stream: toStream(stdout) },
    { level: 'warn', stream: toStream(stderr) },
  ];
  // One walk of what is logged (redactSecrets) rather than pino's `redact` paths: a secret is found at any depth and in any case.
  const redacted = (fields: Record<string, unknown>) => redactSecrets(fields, secrets) as Record<string, unknown>;
  const formatters = { log: redacted, ...(!pretty && { level: (label: string) => ({ level: label }) }) };
  const json = pretty ? {} : { timestamp: stdTimeFunctions.isoTime };
  const logger = pino({ level, base: undefined, messageKey: 'message', hooks: { logMethod }, formatters, ...json }, multistream(streams, { dedupe: true }));
  // pino applies no formatter to a child's bindings; a child's children inherit this method.
  const child = logger.child;
  logger.child = function (this: typeof logger, bindings, options) {
    return child.call(this, redacted(bindings), options);
  } as typeof child;
  return logger as unknown as Logger;
}

/** Pretty with colours for a person at a terminal in local and unittest; JSON lines everywhere else. */
export function wantsPretty(env: string, stdout: { isTTY?: boolean } = process.stdout): boolean {
  return (env === 'local' || env === 'unittest') && stdout.isTTY === true;
}

export const serverLogger: LoggerFactory = (level, env, secrets) => createServerLogger({ level, pretty: wantsPretty(env), secrets });
