import { format } from 'node:util';
import { DEFAULT_SECRETS, redactSecrets, type SecretNames } from './redact.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

type LineLevel = Exclude<LogLevel, 'silent'>;

/** pino's numbers, so `logger.level` means the same in both loggers. */
const RANK: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * Midway's and pino's call shapes: `info('text %s', x)`, `error(err)`, `info({ a: 1 }, 'msg %d', n)`.
 * Arguments past the format placeholders are appended, as `util.format` does.
 */
export type LogMethod = (messageOrFields: unknown, ...args: unknown[]) => void;

export interface Logger {
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  fatal: LogMethod;
  /** A logger whose every line carries these fields (the request id, for `ctx.logger`). */
  child(bindings: Record<string, unknown>): Logger;
}

interface LoggerOptions {
  level?: LogLevel;
  /** Field names whose values are written as `[redacted]` (configuredSecrets); by default the credential headers. */
  secrets?: SecretNames;
  /** Where a finished line goes; by default info and below to stdout, warnings and errors to stderr. */
  write?: (level: LineLevel, line: string) => void;
}

/** The message of a log call: its text arguments through util.format, or undefined when there are none. */
export function formatMessage(args: unknown[]): string | undefined {
  return args.length === 0 ? undefined : format(...args);
}

/** An error as pino's standard serializer writes it: type, message, stack and its own fields (code, status...). */
function serializeError(err: Error): Record<string, unknown> {
  return { ...err, type: err.name, message: err.message, stack: err.stack };
}

function lineParts(first: unknown, rest: unknown[]): { fields?: Record<string, unknown>; message?: string } {
  if (first instanceof Error) return { fields: { err: serializeError(first) }, message: formatMessage(rest) ?? first.message };
  if (first !== null && typeof first === 'object') {
    const fields = { ...(first as Record<string, unknown>) };
    if (fields.err instanceof Error) fields.err = serializeError(fields.err);
    return { fields, message: formatMessage(rest) };
  }
  return { message: formatMessage([first, ...rest]) };
}

function stringify(line: Record<string, unknown>): string {
  try {
    return JSON.stringify(line);
  } catch (err) {
    return JSON.stringify({ time: line.time, level: line.level, message: line.message, logError: `fields not serializable: ${(err as Error).message}` });
  }
}

/**
 * The small logger function bundles carry: one JSON object per line, shaped as the server's pino lines
 * (`{"level":"info","time":…,…fields,"message":…}`). pino costs about 64 KB minified (pino-pretty another
 * 53 KB), a quarter of a hello bundle's budget, so bundles keep this one.
 */
export function createLogger(options: LoggerOptions = {}, bindings: Record<string, unknown> = {}): Logger {
  const { level = 'info', write = defaultWrite, secrets = DEFAULT_SECRETS } = options;
  const at =
    (lineLevel: LineLevel): LogMethod =>
    (first, ...rest) => {
      if (RANK[lineLevel] < RANK[level]) return;
      const { fields, message } = lineParts(first, rest);
      write(lineLevel, stringify({ level: lineLevel, time: new Date().toISOString(), ...bindings, ...(redactSecrets(fields, secrets) as typeof fields), message }));
    };
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: (more) => createLogger(options, { ...bindings, ...(redactSecrets(more, secrets) as typeof more) }),
  };
}

function defaultWrite(level: LineLevel, line: string): void {
  (RANK[level] >= RANK.warn ? process.stderr : process.stdout).write(line + '\n');
}

/** The `logger.level` config value, checked: a typo there should not silence or flood the logs. */
export function configuredLevel(config: { logger?: { level?: unknown } }): LogLevel {
  const level = config.logger?.level ?? 'info';
  if (typeof level !== 'string' || !(level in RANK)) {
    throw new Error(`config logger.level must be one of ${Object.keys(RANK).join(', ')}, got ${JSON.stringify(level)}`);
  }
  return level as LogLevel;
}

/** Builds the app's logger once the config is known; server mode passes pino's, bundles use createLogger. */
export type LoggerFactory = (level: LogLevel, env: string, secrets: SecretNames) => Logger;
