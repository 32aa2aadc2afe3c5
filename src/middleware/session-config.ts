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

/** Installs the cookie session on one Koa app (its context gains `ctx.session`) and returns its middleware. */
export type SessionInstaller = (koa: Koa, options: SessionConfig) => KoaMiddleware;

const DEFAULTS: SessionConfig = { key: 'MW_SESS', maxAge: 24 * 3600 * 1000, httpOnly: true };

/** Config `keys` as Koa's `app.keys`: an array, or a string holding comma-separated keys (Midway's form). */
export function appKeys(config: AppConfig): string[] | undefined {
  const keys = config.keys;
  if (keys === undefined || keys === null || keys === '') return undefined;
  const list = (Array.isArray(keys) ? keys : String(keys).split(',')).map((key) => String(key).trim()).filter(Boolean);
  if (list.length === 0) throw new Error('config keys is empty: give one or more secret strings (an array, or comma-separated)');
  return list;
}

/**
 * The session options when the session is on: `keys` configured and `session.enable` not false. A session
 * asked for with `enable: true` but no keys to sign its cookie is a boot error.
 */
export function sessionSettings(config: AppConfig): SessionConfig | null {
  const session: SessionConfig = config.session ?? {};
  if (session.enable === false) return null;
  if (!appKeys(config)) {
    if (session.enable === true) throw new Error('session.enable is true but config keys is not set: the session cookie is signed with them');
    return null;
  }
  const { enable: _enable, ...options } = session;
  return { ...DEFAULTS, ...options };
}
