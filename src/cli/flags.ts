import { InvalidArgumentError, Option, type Command } from 'commander';
import { type ServerLimits } from '../../adapters/koa-server/limits.js';
import { DEFAULT_RETRY_DELAY_MS } from '../functions/async-retries.js';
import { parseDuration } from '../functions/timers.js';

/**
 * Value parsers for commander options. Commander puts the option before the message
 * ("option '--port <port>' argument 'x' is invalid. ..."); the message names the flag again so it reads alone.
 */

/** A whole number from `min` to `max`; an empty value (`PORT=`) counts as not given. */
export function wholeNumber(flag: string, min: number, max: number): (raw: string) => number | undefined {
  return (raw) => {
    if (raw === '') return undefined;
    const number = Number(raw);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    }
    return number;
  };
}

/** `--port` of `wick start`, `wick dev` and `wick host`; 0 is any free port. */
export const portNumber = wholeNumber('port', 0, 65535);

/** `30s`, `5m`, `250ms` in milliseconds. */
export function duration(flag: string): (raw: string) => number {
  return (raw) => {
    try {
      return parseDuration(raw);
    } catch (err) {
      throw new InvalidArgumentError(`--${flag}: ${(err as Error).message}`);
    }
  };
}

/** `--retry-delay` of `wick host` (every async event) and of `wick start` and `wick dev` (timer ticks). */
export function retryDelayOption(): Option {
  return new Option('--retry-delay <duration>', 'delay before the first async retry; the second waits twice as long')
    .default(DEFAULT_RETRY_DELAY_MS, '1m, as Lambda')
    .argParser(duration('retry-delay'));
}

/** A timeout flag: a duration, or 0 for none (as Node's timeouts). */
function timeout(flag: string): (raw: string) => number {
  const parse = duration(flag);
  return (raw) => (raw.trim() === '0' ? 0 : parse(raw));
}

/** Adds the server-mode flags of `wick start` and `wick dev`; each limit flag wins over the app's `koa` config key its help names. */
export function withServerFlags(command: Command, hostDefault: string): Command {
  return command
    .addOption(new Option('--host <address>', `the address to listen on (default: the app's koa.hostname, else ${hostDefault})`))
    .addOption(new Option('--headers-timeout <duration>', "longest wait for a request's headers, then 408 (koa.headersTimeout; default 20s; 0 for none)").argParser(timeout('headers-timeout')))
    .addOption(new Option('--request-timeout <duration>', 'longest wait for a whole request, headers and body, then 408 (koa.requestTimeout; default 60s)').argParser(timeout('request-timeout')))
    .addOption(new Option('--keep-alive-timeout <duration>', 'how long an idle kept-alive connection stays open (koa.keepAliveTimeout; default 5s)').argParser(timeout('keep-alive-timeout')))
    .addOption(new Option('--idle-timeout <duration>', 'a connection with no bytes either way for this long is closed (koa.serverTimeout; default 2m)').argParser(timeout('idle-timeout')))
    .addOption(new Option('--max-connections <count>', 'connections past this many are closed as they arrive (koa.maxConnections; default 10000)').argParser(wholeNumber('max-connections', 1, 1_000_000)));
}

/** What withServerFlags' flags parse to. */
export interface ServerFlags extends Partial<ServerLimits> {
  host?: string;
}

/** The limits given on the command line, the others left to the config. */
export function limitsFrom({ headersTimeout, requestTimeout, keepAliveTimeout, idleTimeout, maxConnections }: Partial<ServerLimits>): Partial<ServerLimits> {
  const given = { headersTimeout, requestTimeout, keepAliveTimeout, idleTimeout, maxConnections };
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}
