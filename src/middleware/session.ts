import { type AppConfig } from '../config/load.js';
import { type KoaMiddleware } from '../http/context.js';
import { appKeys, type SessionConfig, type SessionInstaller } from './session-config.js';

const DEFAULTS: SessionConfig = { key: 'MW_SESS', maxAge: 24 * 3600 * 1000, httpOnly: true };

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

/**
 * The cookie session through koa-session. Kept out of the core on purpose: it weighs ~90 KB bundled, so only
 * apps whose config turns the session on import it (server mode always may; a function's bundle only then), and it is
 * loaded only once the config turns it on: with the zod it checks its options with, it costs a server's boot ~20 ms.
 */
export const koaSession: SessionInstaller = async (config) => {
  const options = sessionSettings(config);
  if (!options) return null;
  const { default: createSession } = await import('koa-session');
  // koa-session fills in its defaults on the object it is given: a copy keeps the app's config as it was.
  return (koa) => createSession({ ...options }, koa as any) as unknown as KoaMiddleware;
};
