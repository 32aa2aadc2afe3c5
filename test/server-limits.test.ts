import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer, type ServerLimits, type WickApplication } from 'wick';
import { close, createApp } from 'wick/testing';
import { fixtureApp, scratchCopy } from './helpers/paths.js';
import { runCli, type CliProcess } from './helpers/process.js';

const quiet = { logger: { level: 'warn' } };

interface RawClient {
  socket: Socket;
  received: () => string;
  /** Resolves once the server has closed the connection. */
  closed: Promise<void>;
}

async function rawClient(port: number): Promise<RawClient> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('error', () => {});
  const closed = once(socket, 'close').then(() => undefined);
  await once(socket, 'connect');
  return { socket, received: () => received, closed };
}

/** Writes one byte every `everyMs` until the connection closes: a client at a byte a tick. */
function trickle(client: RawClient, everyMs = 20): void {
  const timer = setInterval(() => client.socket.writable && client.socket.write('a'), everyMs);
  void client.closed.then(() => clearInterval(timer));
}

const opened: RawClient[] = [];
afterEach(() => opened.splice(0).forEach((client) => client.socket.destroy()));

async function client(port: number): Promise<RawClient> {
  const made = await rawClient(port);
  opened.push(made);
  return made;
}

describe('server mode with short timeouts and a connection cap', () => {
  let app: WickApplication;
  let running: RunningServer;
  const limits: Partial<ServerLimits> = { headersTimeout: 300, requestTimeout: 600, keepAliveTimeout: 200, idleTimeout: 400, maxConnections: 3 };

  beforeAll(async () => {
    app = await createApp(fixtureApp('di'), { config: quiet });
    running = await startServer(app, { port: 0, host: '127.0.0.1', limits });
  });
  afterAll(async () => {
    await running.stop();
    await close(app);
  });

  it('answers 408 and closes a connection whose headers trickle in past the headers timeout', async () => {
    const slow = await client(running.port);
    slow.socket.write('GET /http/params/1 HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    trickle(slow);
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 and closes a connection whose body trickles in past the request timeout', async () => {
    const slow = await client(running.port);
    slow.socket.write('POST /http/body HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n');
    trickle(slow);
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("logs a request a server timeout cut as a JSON warning of the app's logger, not Koa's bare stack on stderr", async () => {
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => (written.push(String(chunk)), true));
    try {
      const slow = await client(running.port);
      slow.socket.write('POST /http/body HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n');
      trickle(slow);
      await slow.closed;
      await expect.poll(() => written.join(''), { interval: 20 }).toMatch(/"message":"connection failed"/);
    } finally {
      stderr.mockRestore();
    }
    const line = JSON.parse(written.join('').split('\n').find((text) => text.includes('connection failed'))!);
    expect(line).toMatchObject({ level: 'warn', method: 'POST', path: '/http/body', err: { code: 'ERR_HTTP_REQUEST_TIMEOUT' } });
    expect(written.join('')).not.toMatch(/^\s+Error: Request timeout/m);
  });

  it('closes a connection whose body stalls past the idle timeout', async () => {
    const stalled = await client(running.port);
    stalled.socket.write('POST /http/body HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nhalf');
    await stalled.closed;
    expect(stalled.received()).not.toMatch(/200 OK/);
  });

  it('closes an idle kept-alive connection after the keep-alive timeout', async () => {
    const kept = await client(running.port);
    kept.socket.write('GET /http/params/1 HTTP/1.1\r\nHost: x\r\n\r\n');
    await kept.closed;
    expect(kept.received()).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*Keep-Alive: timeout=0/);
  });

  it('closes connections past the cap as they arrive and serves again once one is gone', async () => {
    const held = [await client(running.port), await client(running.port), await client(running.port)];
    const refused = await client(running.port);
    await refused.closed;
    expect(refused.received()).toBe('');
    held[0].socket.destroy();
    await held[0].closed;
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${running.port}/http/params/1`).catch(() => undefined))?.status, { interval: 20 }).toBe(200);
  });

  it('reports the limits and the address it bound', () => {
    expect(running.address).toBe('127.0.0.1');
    expect(running.limits).toEqual(limits);
  });
});

describe('server limits from the koa config', () => {
  it("reads Node's option names flat or under koa.serverOptions, and Midway's koa.serverTimeout and koa.hostname", async () => {
    const koa = { hostname: '127.0.0.1', headersTimeout: '2s', serverOptions: { requestTimeout: 4000 }, serverTimeout: '1m', maxConnections: 50 };
    const app = await createApp(fixtureApp('di'), { config: { ...quiet, koa } });
    const running = await startServer(app, { port: 0, limits: { keepAliveTimeout: 1000 } });
    try {
      expect(running.address).toBe('127.0.0.1');
      expect(running.limits).toEqual({ headersTimeout: 2000, requestTimeout: 4000, keepAliveTimeout: 1000, idleTimeout: 60_000, maxConnections: 50 });
      expect(running.server.maxConnections).toBe(50);
      expect(running.server.timeout).toBe(60_000);
    } finally {
      await running.stop();
      await close(app);
    }
  });

  it('refuses a headers timeout longer than the request timeout, and a malformed value, before listening', async () => {
    const app = await createApp(fixtureApp('di'), { config: { ...quiet, koa: { requestTimeout: 1000 } } });
    try {
      await expect(startServer(app, { port: 0, limits: { headersTimeout: 5000 } })).rejects.toThrow('the headers timeout (5000 ms) cannot be longer than the request timeout (1000 ms)');
      await expect(startServer(app, { port: 0, limits: { maxConnections: 0 } })).rejects.toThrow('config koa.maxConnections must be a whole number of at least 1, got 0');
    } finally {
      await close(app);
    }
  });
});

describe('the startup line of wick start and wick dev', () => {
  const running: CliProcess[] = [];
  afterEach(() => running.splice(0).forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL')));
  const startCli = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const cli = runCli(args, { WICK_ENV: 'prod', ...env });
    running.push(cli);
    return cli;
  };
  const readyLine = async (cli: CliProcess) => JSON.parse((await cli.waitFor(/^\{.*server ready.*\}$/m, 60_000))[0]);

  it('wick start says when it listens on every interface, and takes --host and the limit flags', async () => {
    const everywhere = startCli(['start', fixtureApp('slow'), '--build', '--port', '0']);
    const wide = await readyLine(everywhere);
    expect(['::', '0.0.0.0']).toContain(wide.address);
    expect(wide.message).toBe(`server ready at http://127.0.0.1:${wide.port}, listening on every interface (${wide.address === '::' ? '[::]' : '0.0.0.0'})`);
    expect(wide.limits).toEqual({ headersTimeout: 20_000, requestTimeout: 60_000, keepAliveTimeout: 5000, idleTimeout: 120_000, maxConnections: 10_000 });

    const local = startCli(['start', fixtureApp('slow'), '--port', '0', '--host', '127.0.0.1', '--headers-timeout', '5s', '--request-timeout', '0', '--idle-timeout', '30s', '--max-connections', '100']);
    const line = await readyLine(local);
    expect(line).toMatchObject({ address: '127.0.0.1', message: `server ready at http://127.0.0.1:${line.port}` });
    expect(line.limits).toEqual({ headersTimeout: 5000, requestTimeout: 0, keepAliveTimeout: 5000, idleTimeout: 30_000, maxConnections: 100 });
    expect((await fetch(`http://127.0.0.1:${line.port}/version`)).status).toBe(200);
  });

  it('wick dev listens on 127.0.0.1 unless told otherwise, and takes the limit flags', async () => {
    const dir = scratchCopy(fixtureApp('slow'), 'wick-dev-host-');
    try {
      const dev = startCli(['dev', dir, '--port', '0', '--headers-timeout', '3s'], { WICK_ENV: '', NODE_ENV: '' });
      const line = await readyLine(dev);
      expect(line).toMatchObject({ address: '127.0.0.1', message: `server ready at http://127.0.0.1:${line.port}` });
      expect(line.limits.headersTimeout).toBe(3000);
      await dev.waitFor(new RegExp(`\\[wick dev\\] started in \\d+ ms .*: http://127\\.0\\.0\\.1:${line.port}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed limit flag with a clear message', async () => {
    const cli = startCli(['start', fixtureApp('slow'), '--headers-timeout', 'soon']);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('--headers-timeout: invalid duration "soon"');
  });
});
