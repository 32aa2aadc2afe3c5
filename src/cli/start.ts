import { startServer, stopOnSignals, type RunningServer, type ServerLimits } from '../../adapters/koa-server/index.js';
import { type WickApplication } from '../app/application.js';
import { LOOPBACK_HOST, urlHost } from '../http/listen-address.js';
import { loadCompiledApp } from './load-app.js';

/** What `wick start` and `wick dev` are told on their command line. */
export interface ServeFlags {
  /** From --port or PORT; absent, the app's `koa.port`, else 7001. */
  port?: number;
  /** From --host; absent, the app's `koa.hostname`, else the command's default. */
  host?: string;
  /** From --headers-timeout, --request-timeout, --keep-alive-timeout, --idle-timeout and --max-connections. */
  limits?: Partial<ServerLimits>;
  /** From --retry-delay: the base delay before a failed timer invocation is retried. */
  retryDelayMs?: number;
}

interface StartOptions extends ServeFlags {
  dir: string;
  build: boolean;
}

/** The port to listen on: the one asked for, else the app's `koa.port` (as Midway reads it), else 7001. */
export function serverPort(app: WickApplication, port: number | undefined): number {
  return port ?? Number(app.getConfig<number | string | undefined>('koa.port') ?? 7001);
}

const EVERY_INTERFACE = new Set(['::', '0.0.0.0']);

/** A URL that reaches the server from this machine: its bound address, or loopback when it listens on every interface. */
export function localUrl({ address, port }: Pick<RunningServer, 'address' | 'port'>): string {
  return `http://${urlHost(EVERY_INTERFACE.has(address) ? LOOPBACK_HOST : address)}:${port}`;
}

/** Where the server really listens: the address it bound, said in words when that is every interface. */
export function logReady(app: WickApplication, running: RunningServer): void {
  const { address, port, limits } = running;
  const fields = { env: app.env, routes: app.routes.length, address, port, limits };
  if (!EVERY_INTERFACE.has(address)) return app.logger.info(fields, 'server ready at %s', localUrl(running));
  app.logger.info(fields, 'server ready at %s, listening on every interface (%s)', localUrl(running), urlHost(address));
}

/**
 * `wick start`: production server from the compiled app in `<dir>/dist`. It listens on every interface unless told
 * otherwise (--host, `koa.hostname`), as Midway does and as a server in a container must.
 */
export async function start({ dir, port, host, limits, build, retryDelayMs }: StartOptions): Promise<void> {
  const app = await loadCompiledApp(dir, build);
  const running = await startServer(app, { port: serverPort(app, port), host, limits, retryDelayMs });
  stopOnSignals(running, app);
  logReady(app, running);
}
