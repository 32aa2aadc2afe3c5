import { startServer, stopOnSignals, type RunningServer } from '../../adapters/koa-server/index.js';
import { type WickApplication } from '../app/application.js';
import { loadCompiledApp } from './load-app.js';

interface StartOptions {
  dir: string;
  /** From --port or PORT; absent, the app's `koa.port`, else 7001. */
  port?: number;
  build: boolean;
  /** From --retry-delay: the base delay before a failed timer invocation is retried. */
  retryDelayMs?: number;
}

/** The port to listen on: the one asked for, else the app's `koa.port` (as Midway reads it), else 7001. */
export function serverPort(app: WickApplication, port: number | undefined): number {
  return port ?? Number(app.getConfig<number | string | undefined>('koa.port') ?? 7001);
}

export function logReady(app: WickApplication, running: RunningServer): void {
  app.logger.info({ env: app.env, routes: app.routes.length }, 'server ready at %s', `http://127.0.0.1:${running.port}`);
}

/** `wick start`: production server from the compiled app in `<dir>/dist`. */
export async function start({ dir, port, build, retryDelayMs }: StartOptions): Promise<void> {
  const app = await loadCompiledApp(dir, build);
  const running = await startServer(app, { port: serverPort(app, port), retryDelayMs });
  stopOnSignals(running, app);
  logReady(app, running);
}
