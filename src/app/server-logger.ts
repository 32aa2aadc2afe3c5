import { createRequire } from 'node:module';
import { pino, multistream, stdTimeFunctions, type LogFn, type StreamEntry } from 'pino';
import type PinoPretty from 'pino-pretty';
import { formatMessage, type Logger, type LoggerFactory, type LogLevel } from '../logging/logger.js';

export interface ServerLoggerOptions {
  level?: LogLevel;
  /** Human-readable lines with colours instead of JSON. */
  pretty?: boolean;
  /** Info and below; warnings and errors go to `stderr`. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
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
export function createServerLogger({ level = 'info', pretty = false, stdout = process.stdout, stderr = process.stderr }: ServerLoggerOptions = {}): Logger {
  // Loaded only for a person at a terminal: it costs a production server ~20 ms of boot.
  const prettyStream = pretty ? (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty).build : undefined;
  const toStream = (destination: NodeJS.WritableStream) =>
    prettyStream ? prettyStream({ destination, sync: true, colorize: true, messageKey: 'message', translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) : destination;
  const streams: StreamEntry<LogLevel>[] = [
    { level: 'trace', stream: toStream(stdout) },
    { level: 'warn', stream: toStream(stderr) },
  ];
  const json = pretty ? {} : { timestamp: stdTimeFunctions.isoTime, formatters: { level: (label: string) => ({ level: label }) } };
  return pino({ level, base: undefined, messageKey: 'message', hooks: { logMethod }, ...json }, multistream(streams, { dedupe: true })) as unknown as Logger;
}

/** Pretty with colours for a person at a terminal in local and unittest; JSON lines everywhere else. */
export function wantsPretty(env: string, stdout: { isTTY?: boolean } = process.stdout): boolean {
  return (env === 'local' || env === 'unittest') && stdout.isTTY === true;
}

export const serverLogger: LoggerFactory = (level, env) => createServerLogger({ level, pretty: wantsPretty(env) });
