/**
 * The server process of `wick dev`. It is started ahead of need, so wick's own modules are already loaded when
 * a restart comes and only the app is left to boot. Told to start, it boots the app from dist/, reports
 * `booted` (dev then stops the previous server) and listens, retrying while the previous server lets go of
 * the port; then it reports `ready`.
 */
import { inspect } from 'node:util';
import { startServer, stopOnSignals, type RunningServer, type ServerOptions } from '../../adapters/koa-server/index.js';
import { type WickApplication } from '../app/application.js';
import { devInvokeApi } from './dev-invoke-api.js';
import { loadCompiledApp } from './load-app.js';
import { LOOPBACK_HOST } from '../http/listen-address.js';
import { localUrl, logReady, serverPort, type ServeFlags } from './start.js';

export interface DevStart extends ServeFlags {
  dir: string;
  /** A previous server holds the port until it has stopped: wait for it rather than fail. */
  takingOver: boolean;
}

export type DevReport = { type: 'booted' } | { type: 'ready'; port: number; url: string };

/** How long the previous server may hold the port after it was told to stop. */
const PORT_WAIT_MS = 5000;
const PORT_RETRY_MS = 10;

async function listen(app: WickApplication, options: ServerOptions, takingOver: boolean): Promise<RunningServer> {
  const deadline = Date.now() + (takingOver ? PORT_WAIT_MS : 0);
  for (;;) {
    try {
      return await startServer(app, options);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, PORT_RETRY_MS));
    }
  }
}

function report(message: DevReport): void {
  process.send?.(message);
}

async function serve({ dir, port, host, limits, retryDelayMs, takingOver }: DevStart): Promise<void> {
  const app = await loadCompiledApp(dir, false);
  // Ahead of the app's own middleware, and only in the local env: no other server answers it.
  if (app.env === 'local') app.koa.middleware.unshift(devInvokeApi(app));
  report({ type: 'booted' });
  // This machine only, unless told otherwise: a development server is no one else's business.
  const running = await listen(app, { port: serverPort(app, port), host: host ?? app.getConfig<string | undefined>('koa.hostname') ?? LOOPBACK_HOST, limits, retryDelayMs }, takingOver);
  stopOnSignals(running, app);
  logReady(app, running);
  report({ type: 'ready', port: running.port, url: localUrl(running) });
}

process.once('message', (message: DevStart) => {
  serve(message).catch((err: unknown) => {
    process.stderr.write(`[wick dev] the app did not start: ${inspect(err)}\n`);
    process.exit(1);
  });
});
// The channel closes when `wick dev` ends, even by SIGKILL: stop as on a signal, so no server outlives it.
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
