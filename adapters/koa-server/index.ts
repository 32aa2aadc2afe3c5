import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type WickApplication } from '../../src/app/application.js';
import { startInProcessTimers } from '../../src/functions/schedule.js';
import { nodeServerOptions, serverLimits, type KoaServerConfig, type ServerLimits } from './limits.js';

export { DEFAULT_LIMITS, serverLimits, type KoaServerConfig, type ServerLimits } from './limits.js';

export interface ServerOptions {
  port?: number;
  /** The address to listen on; absent, the app's `koa.hostname`, else every interface (as Midway). */
  host?: string;
  /** Limits given here (by CLI flags) win over the app's `koa` config; the rest come from it or the defaults. */
  limits?: Partial<ServerLimits>;
  /** How long in-flight requests may take to finish once a stop begins. */
  shutdownTimeoutMs?: number;
  /**
   * Base delay before a failed timer invocation is retried (the second retry waits twice as long); default a minute,
   * as Lambda. Server mode retries in-process and keeps no dead-letter file.
   */
  retryDelayMs?: number;
}

export interface RunningServer {
  server: Server;
  port: number;
  /** The address actually bound: `127.0.0.1`, `::` (every interface)... */
  address: string;
  limits: ServerLimits;
  /** Stops accepting, lets in-flight requests finish (bounded), then closes the app. */
  stop(): Promise<void>;
}

/** Server mode: the whole app as one long-lived Koa server; timer triggers run (and are retried) in-process. */
export async function startServer(app: WickApplication, options: ServerOptions = {}): Promise<RunningServer> {
  const config = app.getConfig<KoaServerConfig | undefined>('koa') ?? {};
  const limits = serverLimits(config, options.limits);
  const server = createServer(nodeServerOptions(limits), app.callback());
  server.setTimeout(limits.idleTimeout);
  server.maxConnections = limits.maxConnections;
  warnOnDroppedConnections(server, app, limits.maxConnections);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? config.hostname, () => resolveListen());
  });
  const { port, address } = server.address() as AddressInfo;
  const stopTimers = startInProcessTimers(app.functions, app.logger, options.retryDelayMs);
  await app.runHook('onServerReady');
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopTimers();
    return (stopping ??= drainAndClose(server, app, options.shutdownTimeoutMs ?? 10_000));
  };
  return { server, port, address, limits, stop };
}

/** One warning per 10 s while connections are refused at the cap: enough to be seen, not a line per refusal. */
function warnOnDroppedConnections(server: Server, app: WickApplication, maxConnections: number): void {
  let warnedAt = -Infinity;
  server.on('drop', () => {
    if (performance.now() - warnedAt < 10_000) return;
    warnedAt = performance.now();
    app.logger.warn({ maxConnections }, 'refusing connections: the server has its maxConnections open');
  });
}

async function drainAndClose(server: Server, app: WickApplication, timeoutMs: number): Promise<void> {
  const drained = new Promise<void>((done) => server.close(() => done()));
  // Keep-alive connections go idle as their last response ends; close them as they do.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((done) => {
    timer = setTimeout(() => {
      app.logger.warn({ timeoutMs }, 'shutdown timeout reached, closing open connections');
      server.closeAllConnections();
      done();
    }, timeoutMs);
  });
  await Promise.race([drained, timedOut]);
  clearInterval(sweep);
  clearTimeout(timer);
  await app.close();
}

/** SIGTERM / SIGINT: drain, run onStop and @Destroy, exit 0 (1 if closing failed). */
export function stopOnSignals(running: RunningServer, app: WickApplication): void {
  const onSignal = (signal: NodeJS.Signals) => {
    app.logger.info({ signal }, 'stopping');
    running.stop().then(
      () => process.exit(0),
      (err) => {
        app.logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
