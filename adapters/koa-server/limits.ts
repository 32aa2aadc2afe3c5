import { type ServerOptions as NodeServerOptions } from 'node:http';
import { parseDuration } from '../../src/functions/timers.js';

/** How long a client may take, and how many may be connected at once. Times in milliseconds; a time of 0 turns that limit off. */
export interface ServerLimits {
  /** From the connection's first byte (or a kept-alive request's) to the end of its headers; past it, 408. */
  headersTimeout: number;
  /** To receive a whole request, headers and body; past it, 408. */
  requestTimeout: number;
  /** How long a kept-alive connection may wait for its next request. */
  keepAliveTimeout: number;
  /** A connection with no bytes either way for this long is closed: a body that stalls, a client that stops reading. */
  idleTimeout: number;
  /** Connections past this number are closed as they arrive. */
  maxConnections: number;
}

/**
 * Node's own defaults (headers 60 s, request 300 s, no idle limit, no cap) let a client sending a byte a second
 * hold a connection for minutes. The idle timeout is Midway's `koa.serverTimeout` default (2 minutes).
 */
export const DEFAULT_LIMITS: ServerLimits = {
  headersTimeout: 20_000,
  requestTimeout: 60_000,
  keepAliveTimeout: 5_000,
  idleTimeout: 120_000,
  maxConnections: 10_000,
};

/**
 * Where each limit is read in the app's `koa` config. Midway passes the whole `koa` config, and its `serverOptions`,
 * to Node's createServer, so Node's option names work at either place; the idle timeout is Midway's `serverTimeout`.
 */
const CONFIG_KEYS: Record<keyof ServerLimits, string> = {
  headersTimeout: 'headersTimeout',
  requestTimeout: 'requestTimeout',
  keepAliveTimeout: 'keepAliveTimeout',
  idleTimeout: 'serverTimeout',
  maxConnections: 'maxConnections',
};

/** The `koa` config keys that shape server mode (Midway's names where Midway has one). */
export interface KoaServerConfig {
  port?: number | string;
  /** The address to listen on; absent, every interface (as Midway). */
  hostname?: string;
  headersTimeout?: number | string;
  requestTimeout?: number | string;
  keepAliveTimeout?: number | string;
  serverTimeout?: number | string;
  maxConnections?: number;
  serverOptions?: Partial<Record<'headersTimeout' | 'requestTimeout' | 'keepAliveTimeout', number | string>>;
}

function milliseconds(value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    try {
      return parseDuration(value);
    } catch (err) {
      throw new Error(`config koa.${key}: ${(err as Error).message}`);
    }
  }
  throw new Error(`config koa.${key} must be milliseconds (a whole number, 0 for none) or a duration such as '30s', got ${JSON.stringify(value)}`);
}

function connectionCount(value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new Error(`config koa.${key} must be a whole number of at least 1, got ${JSON.stringify(value)}`);
}

/** The limits in force: each one given (by a CLI flag), else the app's `koa` config, else the default. */
export function serverLimits(config: KoaServerConfig = {}, given: Partial<ServerLimits> = {}): ServerLimits {
  const configured = { ...config, ...config.serverOptions } as Record<string, unknown>;
  const limits = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(CONFIG_KEYS) as (keyof ServerLimits)[]) {
    const key = CONFIG_KEYS[name];
    const value = given[name] ?? configured[key];
    if (value === undefined) continue;
    limits[name] = name === 'maxConnections' ? connectionCount(value, key) : milliseconds(value, key);
  }
  const { headersTimeout, requestTimeout } = limits;
  if (headersTimeout > 0 && requestTimeout > 0 && headersTimeout > requestTimeout) {
    throw new Error(`the headers timeout (${headersTimeout} ms) cannot be longer than the request timeout (${requestTimeout} ms)`);
  }
  return limits;
}

/** Node checks the headers and request timeouts on a timer (every 30 s by default): often enough that they hold to a tenth. */
function checkingInterval({ headersTimeout, requestTimeout }: ServerLimits): number {
  const shortest = Math.min(...[headersTimeout, requestTimeout].filter((timeout) => timeout > 0), 10_000);
  return Math.max(10, Math.floor(shortest / 10));
}

/** Node's createServer options for these limits; the idle timeout and the cap are set on the server once made. */
export function nodeServerOptions(limits: ServerLimits): NodeServerOptions {
  const { headersTimeout, requestTimeout, keepAliveTimeout } = limits;
  return { headersTimeout, requestTimeout, keepAliveTimeout, connectionsCheckingInterval: checkingInterval(limits) };
}
