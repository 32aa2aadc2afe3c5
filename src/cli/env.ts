import { currentEnv } from '../config/load.js';

/**
 * The env of the commands a developer runs on a working copy (`wick dev`, `wick invoke`): `--env`, else
 * WICK_ENV or NODE_ENV when set, else `local`. Midway's aliases apply (`--env production` is `prod`).
 */
export function developmentEnv(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return currentEnv({ WICK_ENV: flag });
  return env.WICK_ENV || env.NODE_ENV ? currentEnv(env) : 'local';
}
