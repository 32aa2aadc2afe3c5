import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServerLogger } from 'wick';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { createLogger } from '../src/logging/logger.js';
import { configuredSecrets, type SecretNames } from '../src/logging/redact.js';
import { fixtureApp } from './helpers/paths.js';

function jsonLines(output: string): Record<string, any>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/** The two loggers an app can have: pino's in server mode, the small JSON-lines one in function bundles (and so under wick host). */
const LOGGERS = {
  server: (secrets?: SecretNames) => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk) => (text += chunk));
    return { logger: createServerLogger({ stdout: out, stderr: out, secrets }), lines: () => jsonLines(text) };
  },
  bundle: (secrets?: SecretNames) => {
    const written: string[] = [];
    return { logger: createLogger({ secrets, write: (_level, line) => written.push(line) }), lines: () => jsonLines(written.join('\n')) };
  },
};

/** An HTTP client's failure as axios shapes it: the request's headers ride on the error. */
function upstreamError(): Error {
  return Object.assign(new Error('upstream said 401'), { config: { url: 'https://api.example/me', headers: { Authorization: 'Bearer upstream-token', Accept: 'application/json' } } });
}

describe.each(Object.entries(LOGGERS))('the %s logger', (_name, make) => {
  it('writes authorization, cookie and set-cookie values as [redacted], at any depth and in any case', () => {
    const { logger, lines } = make();
    const headers = { Authorization: 'Bearer abc', cookie: 'sid=1', 'x-trace': 't-1' };
    logger.info({ req: { headers }, res: { headers: { 'Set-Cookie': ['sid=2; HttpOnly'] } } }, 'seen');
    expect(lines()[0]).toMatchObject({
      req: { headers: { Authorization: '[redacted]', cookie: '[redacted]', 'x-trace': 't-1' } },
      res: { headers: { 'Set-Cookie': '[redacted]' } },
      message: 'seen',
    });
    expect(headers.Authorization).toBe('Bearer abc');
  });

  it('redacts the headers an error carries, and keeps it an error with its message and stack', () => {
    const { logger, lines } = make();
    const err = upstreamError();
    logger.error({ err, requestId: 'r-1' }, 'request failed');
    logger.error(upstreamError());
    for (const line of lines()) {
      expect(line.err).toMatchObject({ type: 'Error', message: 'upstream said 401', config: { headers: { Authorization: '[redacted]', Accept: 'application/json' } } });
      expect(line.err.stack).toMatch(/^Error: upstream said 401\n/);
    }
    expect((err as any).config.headers.Authorization).toBe('Bearer upstream-token');
  });

  it('redacts the field names the app lists in logger.redact, and what a child logger binds', () => {
    const { logger, lines } = make(configuredSecrets({ logger: { redact: ['X-Api-Key', 'password'] } }));
    logger.child({ user: { name: 'ada', password: 'hunter2' } }).warn({ body: { password: 'p', items: [{ password: 'q' }] }, headers: { 'x-api-key': 'k' } }, 'login');
    expect(lines()[0]).toMatchObject({ user: { name: 'ada', password: '[redacted]' }, body: { password: '[redacted]', items: [{ password: '[redacted]' }] }, headers: { 'x-api-key': '[redacted]' } });
  });
});

describe('logger.redact config', () => {
  it('is refused when it is not a list of names', async () => {
    await expect(createApp(fixtureApp('di'), { config: { logger: { redact: 'password' } } })).rejects.toThrow('config logger.redact must be a list of field names, got "password"');
  });
});

describe('a request through the app', () => {
  afterEach(() => vi.restoreAllMocks());

  it("keeps the request's credentials, the response's cookie and configured body fields out of ctx.logger lines", async () => {
    const app = await createApp(fixtureApp('di'), { config: { logger: { redact: ['password'] } } });
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => (writes.push(String(chunk)), true));
    try {
      // Outermost: it sees the request once the whole pipeline (body parser, route) has run.
      app.koa.middleware.unshift(async (ctx, next) => {
        await next();
        ctx.set('set-cookie', 'sid=new-session; HttpOnly');
        ctx.logger.info({ request: ctx.request, response: ctx.response, body: ctx.request.body }, 'seen');
      });
      await createHttpRequest(app).post('/http/body').set('Authorization', 'Bearer client-token').set('Cookie', 'sid=old').send({ name: 'ada', password: 'hunter2' }).expect(200);
    } finally {
      vi.restoreAllMocks();
      await close(app);
    }
    const line = jsonLines(writes.join('')).find((entry) => entry.message === 'seen')!;
    expect(line.request.header).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]', 'content-type': 'application/json' });
    expect(line.response.header['set-cookie']).toBe('[redacted]');
    expect(line.body).toEqual({ name: 'ada', password: '[redacted]' });
    expect(writes.join('')).not.toMatch(/client-token|sid=old|new-session|hunter2/);
  });
});

describe('error bodies outside local and unittest', () => {
  it.each(['prod', 'pre'])('carry no message or stack of a 500 in env %s', async (env) => {
    const app = await createApp(fixtureApp('di'), { env, config: { logger: { level: 'silent' } } });
    try {
      const res = await createHttpRequest(app).get('/errors/Error').expect(500);
      expect(res.body).toEqual({ error: { status: 500, message: 'Internal Server Error', requestId: expect.any(String) } });
      expect(res.text).not.toMatch(/secret internals|at .*\.ts:\d+/);
    } finally {
      await close(app);
    }
  });

  it('carry the stack in unittest, for the developer', async () => {
    const app = await createApp(fixtureApp('di'), { env: 'unittest', config: { logger: { level: 'silent' } } });
    try {
      const res = await createHttpRequest(app).get('/errors/Error').expect(500);
      expect(res.body.error.message).toBe('secret internals');
      expect(res.body.error.details.stack[0]).toBe('Error: secret internals');
    } finally {
      await close(app);
    }
  });
});
