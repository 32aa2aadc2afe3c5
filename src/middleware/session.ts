import createSession from 'koa-session';
import { type KoaMiddleware } from '../http/context.js';
import { type SessionInstaller } from './session-config.js';

/**
 * The cookie session through koa-session. Kept out of the core on purpose: it weighs ~90 KB bundled, so only
 * apps whose config turns the session on import it (server mode always may; a function's bundle only then).
 */
export const koaSession: SessionInstaller = (koa, options) => createSession({ ...options }, koa as any) as unknown as KoaMiddleware;
