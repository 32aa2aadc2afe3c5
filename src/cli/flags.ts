import { InvalidArgumentError, Option } from 'commander';
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
