import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApplication } from '../app/application.js';
import { startServer, stopOnSignals } from '../../adapters/koa-server/index.js';
import { compileApp } from './typescript.js';

export interface StartOptions {
  dir: string;
  port: number;
  build: boolean;
}

export function portFrom(flag: string | undefined, env = process.env.PORT, fallback = 7001): number {
  const raw = flag ?? env;
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${JSON.stringify(raw)}: expected 0-65535`);
  return port;
}

/** `wick start`: production server from the compiled app in `<dir>/dist`. */
export async function start({ dir, port, build }: StartOptions): Promise<void> {
  const appDir = resolve(dir);
  if (build) {
    const compiled = compileApp(appDir);
    if (!compiled.ok) throw new Error(`tsc failed:\n${compiled.output}`);
  }
  if (!existsSync(join(appDir, 'dist'))) throw new Error(`${join(appDir, 'dist')} does not exist: compile the app first (tsc, or wick start --build)`);
  const app = await createApplication({ appDir, baseDir: 'dist' });
  const running = await startServer(app, { port });
  stopOnSignals(running, app);
  app.logger.info('server ready', { url: `http://127.0.0.1:${running.port}`, env: app.env, routes: app.routes.length });
}
