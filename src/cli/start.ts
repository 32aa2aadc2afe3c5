import { startServer, stopOnSignals } from '../../adapters/koa-server/index.js';
import { loadCompiledApp } from './load-app.js';

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
  const app = await loadCompiledApp(dir, build);
  const running = await startServer(app, { port });
  stopOnSignals(running, app);
  app.logger.info('server ready', { url: `http://127.0.0.1:${running.port}`, env: app.env, routes: app.routes.length });
}
