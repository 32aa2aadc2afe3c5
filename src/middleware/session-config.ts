import type Koa from 'koa';
import { type AppConfig } from '../config/load.js';
import { type KoaMiddleware } from '../http/context.js';

/** Midway's `session` config: koa-session's options plus `enable`. */
export interface SessionConfig {
  enable?: boolean;
  /** Cookie name; Midway's default `MW_SESS`. */
  key?: string;
  /** Milliseconds (default one day), or `'session'` for a browser-session cookie. */
  maxAge?: number | 'session';
  httpOnly?: boolean;
  signed?: boolean;
  overwrite?: boolean;
  rolling?: boolean;
  renew?: boolean;
  secure?: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
  [option: string]: unknown;
}

/**
 * The cookie session hook (src/middleware/session.ts): null when the config leaves the session off, else what
 * installs it on one Koa app (its context gains `ctx.session`) and returns its middleware.
 */
export type SessionInstaller = (config: AppConfig) => Promise<((koa: Koa) => KoaMiddleware) | null>;

/** Config `keys` as Koa's `app.keys`: an array, or a string holding comma-separated keys (Midway's form). */
export function appKeys(config: AppConfig): string[] | undefined {
  const keys = config.keys;
  if (keys === undefined || keys === null || keys === '') return undefined;
  const list = (Array.isArray(keys) ? keys : String(keys).split(',')).map((key) => String(key).trim()).filter(Boolean);
  if (list.length === 0) throw new Error('config keys is empty: give one or more secret strings (an array, or comma-separated)');
  return list;
}
