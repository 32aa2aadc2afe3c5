import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { BadRequestError, HttpError, InternalServerError, MidwayHttpError, NotFoundError, httpError } from 'wick';
import { CLI, fixtureApp } from './helpers/paths.js';

let app: Awaited<ReturnType<typeof createApp>>;
beforeAll(async () => {
  app = await createApp(fixtureApp('midway-api'));
});
afterAll(() => close(app));
const request = () => createHttpRequest(app);

describe('the application, as Midway injects it', () => {
  it('gives @Config, @Config() and app.getConfig the config as onConfigLoad left it', async () => {
    const res = await request().get('/api/greet');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      fromConfig: 'hello from importConfigs, then onConfigLoad',
      fromGetConfig: 'hello from importConfigs, then onConfigLoad',
      fromWholeConfig: 'hello from importConfigs, then onConfigLoad',
      addedByHook: true,
    });
  });

  it('answers @App() with the env and the folders', async () => {
    const res = await request().get('/api/greet');
    expect(res.body).toMatchObject({ env: 'unittest', appDir: fixtureApp('midway-api').replace(/\/$/, ''), baseDir: `${fixtureApp('midway-api')}src` });
  });
});

describe('@Configuration options Midway apps pass', () => {
  it('imports a component only in the environments it is enabled for', async () => {
    for (const [env, loaded] of [['local', true], ['prod', false]] as const) {
      const app = await createApp(fixtureApp('env-components'), { env });
      try {
        expect(app.getConfig('devTools.loaded') ?? false).toBe(loaded);
        expect((await createHttpRequest(app).get('/tools')).body).toEqual({ devTools: loaded });
      } finally {
        await app.close();
      }
    }
  });
});

describe('koa.globalPrefix', () => {
  it('puts the prefix before every controller route', async () => {
    expect((await request().get('/api/greet')).status).toBe(200);
    expect(app.routes.map((route) => route.path)).toContain('/api/greet');
  });

  it('leaves the unprefixed path unrouted', async () => {
    expect((await request().get('/greet')).body).toEqual({ message: '404, /greet' });
  });
});

describe('middleware return values', () => {
  it('makes what a middleware returns the body', async () => {
    const res = await request().get('/api/enveloped');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ envelope: 'inner' });
  });

  it('keeps plain Koa middleware that sets ctx.body working', async () => {
    expect((await request().get('/api/koa-body')).body).toEqual({ fromKoaMiddleware: true });
  });
});

describe('filters', () => {
  it('runs a @Match result filter on the successful answers its rule selects', async () => {
    expect((await request().get('/api/wrapped/item')).body).toEqual({ code: 0, data: { id: 7 } });
    expect((await request().get('/api/enveloped')).body).toEqual({ envelope: 'inner' });
  });

  it('answers 200 from an exception filter that sets no status, its return value as the body', async () => {
    const res = await request().get('/api/fail/greeting');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ failed: 'no greeting today' });
  });

  it('keeps the status an exception filter sets', async () => {
    const res = await request().get('/api/fail/conflict');
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ conflict: 'already there' });
  });

  it('lets a filter turn the router 404 into a normal answer', async () => {
    const res = await request().get('/api/nowhere');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: '404, /api/nowhere' });
  });
});

describe('httpError and MidwayHttpError', () => {
  it.each([
    ['/api/fail/bad-request', 400, 'name is required'],
    ['/api/fail/unauthorized', 401, 'token expired'],
    ['/api/fail/teapot', 418, 'short and stout'],
    ['/api/fail/status-name', 422, 'by name'],
    ['/api/fail/unavailable', 503, 'Service Unavailable'],
  ])('%s answers %i with the JSON error body', async (path, status, message) => {
    const res = await request().get(path);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ status, message, requestId: res.headers['x-request-id'] });
  });
});

describe('guards registered with app.useGuard', () => {
  it('refuses with 403 when the guard says no', async () => {
    expect((await request().get('/api/greet').set('x-deny', 'yes')).status).toBe(403);
  });
});

describe('one error hierarchy', () => {
  it('makes httpError.* and MidwayHttpError the same classes as Wick\'s', () => {
    expect(httpError.NotFoundError).toBe(NotFoundError);
    expect(httpError.InternalServerErrorError).toBe(InternalServerError);
    expect(MidwayHttpError).toBe(HttpError);
    const midwayShaped = new MidwayHttpError('custom', 400);
    expect(midwayShaped).toBeInstanceOf(HttpError);
    expect(midwayShaped).toMatchObject({ status: 400, message: 'custom', code: '400', expose: true });
    expect(new httpError.BadRequestError({ message: 'from an object' })).toBeInstanceOf(BadRequestError);
    expect(new HttpError(404).message).toBe('Not Found');
  });
});

describe('an @Init() that throws', () => {
  it('fails `wick start` with its own message and a stack into the app, not inversify\'s wrapper', () => {
    const result = spawnSync(process.execPath, [CLI, 'start', fixtureApp('init-error'), '--build', '--port', '0'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('wick: price table unavailable: check PRICE_URL');
    expect(result.stderr).toMatch(/at PriceService\.load \(\S*init-error\/(src|dist)\/service\/price\.[jt]s:\d+/);
    expect(result.stderr + result.stdout).not.toContain('@postConstruct');
  });
});
