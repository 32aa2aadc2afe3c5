import { afterAll, beforeAll } from 'vitest';
import { startServer, type WickApplication } from 'wick';
import { close } from 'wick/testing';

/**
 * Boots an app with `boot` before the calling file's tests and serves it in server mode on an ephemeral port;
 * the server stops and the app closes after them. `served.url` is the server's base URL.
 */
export function useServedApp<A extends WickApplication>(boot: () => Promise<A>): { app: A; url: string } {
  const served = {} as { app: A; url: string };
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    served.app = await boot();
    const running = await startServer(served.app, { port: 0, host: '127.0.0.1' });
    served.url = `http://127.0.0.1:${running.port}`;
    stop = running.stop;
  });
  afterAll(async () => {
    await stop?.();
    await close(served.app);
  });
  return served;
}
