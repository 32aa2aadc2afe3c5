import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { close, createApp, createFunctionApp, createHttpRequest } from 'wick/testing';
import { createServerLogger, type ILogger } from 'wick';
import { createLogger } from '../src/logging/logger.js';
import { wantsPretty } from '../src/app/server-logger.js';
import { CLI, fixtureApp } from './helpers/paths.js';
import { runCli, type CliProcess } from './helpers/process.js';

const APP = fixtureApp('midway-api');

function jsonLines(output: string): Record<string, any>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a server child process logs JSON lines (stdout is not a terminal)', () => {
  let cli: CliProcess;
  let url: string;
  let configuredPort: number;
  beforeAll(async () => {
    configuredPort = await freePort();
    // No --port and no PORT: the app's koa.port (config.local.ts reads it from MIDWAY_API_PORT) decides.
    cli = runCli(['start', APP, '--build'], { WICK_ENV: 'local', MIDWAY_API_PORT: String(configuredPort) });
    url = (await cli.waitFor(/server ready at (http:\/\/127\.0\.0\.1:\d+)/, 60_000))[1];
  }, 90_000);
  afterAll(async () => {
    cli.child.kill('SIGTERM');
    await cli.exited;
  });

  it('listens on koa.port when neither --port nor PORT is given', () => {
    expect(url).toBe(`http://127.0.0.1:${configuredPort}`);
  });

  it('gives controllers, middleware and guards a ctx.logger whose lines carry the request id', async () => {
    const res = await fetch(`${url}/api/log`, { headers: { 'x-request-id': 'trace-log-1' } });
    expect(await res.json()).toEqual({ logged: true });
    await cli.waitFor(/"requestId":"trace-log-1","message":"request"/);
    await cli.waitFor(/"level":"error".*"requestId":"trace-log-1"/);
    const lines = jsonLines(cli.output()).filter((line) => line.requestId === 'trace-log-1');
    // Info lines go to stdout in order; the error line to stderr, whose interleaving with stdout is the OS's.
    const info = lines.filter((line) => line.level === 'info').map((line) => line.message);
    expect(info).toEqual(['middleware saw /api/log', 'guard checked', 'handled log', 'request']);
    const error = lines.find((line) => line.level === 'error')!;
    expect(error).toMatchObject({ message: 'logged, not thrown', err: { type: 'Error', message: 'logged, not thrown' } });
    expect(error.err.stack).toMatch(/midway-api\/(src|dist)\/controller\/api\.[jt]s:\d+/);
  });

  it('gives exception filters the same ctx.logger', async () => {
    await fetch(`${url}/api/fail/greeting`, { headers: { 'x-request-id': 'trace-filter-1' } });
    await cli.waitFor(/"level":"warn".*"requestId":"trace-filter-1"/);
    const filterLine = jsonLines(cli.output()).find((line) => line.requestId === 'trace-filter-1' && line.level === 'warn');
    expect(filterLine?.message).toBe('greeting failed: no greeting today');
  });

  it('injects the app logger with @Logger(), formatting Midway call shapes', async () => {
    await fetch(`${url}/api/greet`);
    await cli.waitFor(/"message":"describing the app"/);
    const line = jsonLines(cli.output()).find((entry) => entry.message === 'describing the app');
    expect(line).toMatchObject({ level: 'info', service: 'greeter' });
    expect(line).not.toHaveProperty('requestId');
  });
});

describe('a server on a terminal in local', () => {
  it('logs pretty lines with colours', async () => {
    // `script` gives the child a pseudo-terminal, so stdout.isTTY is true as in a person's shell.
    const command = `${process.execPath} ${CLI} start ${APP} --build --port 0`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, WICK_ENV: 'local' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await vi.waitFor(() => expect(output).toMatch(/server ready at http:\/\/127\.0\.0\.1:\d+/), { timeout: 60_000, interval: 100 });
      const url = /server ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
      await fetch(`${url}/api/log`, { headers: { 'x-request-id': 'pretty-1' } });
      await vi.waitFor(() => expect(output).toContain('handled log'), { timeout: 10_000, interval: 50 });
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    expect(output).toMatch(/\u001b\[3\dm/);
    expect(output).not.toMatch(/^\{"level"/m);
    const plain = output.replace(/\u001b\[\d+m/g, '');
    expect(plain).toMatch(/INFO: handled log\s+requestId: "pretty-1"/);
  }, 90_000);

  it('is pretty only in local and unittest, and only on a terminal', () => {
    expect(wantsPretty('local', { isTTY: true })).toBe(true);
    expect(wantsPretty('unittest', { isTTY: true })).toBe(true);
    expect(wantsPretty('local', { isTTY: false })).toBe(false);
    expect(wantsPretty('prod', { isTTY: true })).toBe(false);
  });
});

describe('event functions', () => {
  it('give the handler a ctx.logger whose lines carry the invocation id', async () => {
    const app = await createFunctionApp(APP);
    const writes: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => (writes.push(String(chunk)), true));
    try {
      expect(await app.invoke('notifyFunction-notify', { user: 'ada' })).toEqual({ notified: 'ada' });
    } finally {
      out.mockRestore();
      await close(app);
    }
    const line = jsonLines(writes.join('')).find((entry) => entry.message === 'notifying ada');
    expect(line).toMatchObject({ level: 'info', requestId: expect.any(String) });
  });
});

describe('logger.level from config', () => {
  let app: Awaited<ReturnType<typeof createApp>>;
  beforeAll(async () => {
    app = await createApp(APP, { config: { logger: { level: 'silent' } } });
  });
  afterAll(() => close(app));

  it('silences every line with silent', async () => {
    const writes: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => (writes.push(String(chunk)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => (writes.push(String(chunk)), true));
    try {
      expect((await createHttpRequest(app).get('/api/log')).status).toBe(200);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(writes).toEqual([]);
  });

  it('refuses an unknown level at boot', async () => {
    await expect(createApp(APP, { config: { logger: { level: 'verbose' } } })).rejects.toThrow('config logger.level must be one of trace, debug, info, warn, error, fatal, silent, got "verbose"');
  });
});

/** Both loggers, writing into memory: the server's pino one and the small one function bundles carry. */
function capturedLoggers(): { name: string; logger: ILogger; lines: () => Record<string, any>[] }[] {
  const pinoOut = new PassThrough();
  let pinoText = '';
  pinoOut.on('data', (chunk: Buffer) => (pinoText += chunk.toString()));
  const small: string[] = [];
  return [
    { name: 'pino (server)', logger: createServerLogger({ stdout: pinoOut, stderr: pinoOut }), lines: () => jsonLines(pinoText) },
    { name: 'small (bundles)', logger: createLogger({ write: (_level, line) => small.push(line) }), lines: () => small.map((line) => JSON.parse(line)) },
  ];
}

describe.each(capturedLoggers())('the $name logger', ({ logger, lines }) => {
  it('takes Midway and pino call shapes and writes the same JSON', () => {
    const failure = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    logger.info('text %s', 'formatted');
    logger.info({ a: 1 }, 'fields then %d', 2);
    logger.error(failure);
    logger.warn('extra arguments', { kept: true });
    logger.child({ requestId: 'r-1' }).debug('below the level');
    logger.child({ requestId: 'r-1' }).info('from a child');
    const written = lines().slice(-5);
    for (const line of written) expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(written.map(({ time: _time, err, ...rest }) => rest)).toEqual([
      { level: 'info', message: 'text formatted' },
      { level: 'info', a: 1, message: 'fields then 2' },
      { level: 'error', message: 'disk full' },
      { level: 'warn', message: 'extra arguments { kept: true }' },
      { level: 'info', requestId: 'r-1', message: 'from a child' },
    ]);
    expect(written[2].err).toMatchObject({ type: 'Error', message: 'disk full', code: 'ENOSPC' });
    expect(written[2].err.stack).toContain('disk full');
  });
});
