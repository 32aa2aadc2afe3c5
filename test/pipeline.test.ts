import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { fixtureApp } from './helpers/paths.js';

let app: Awaited<ReturnType<typeof createApp>>;
beforeAll(async () => {
  app = await createApp(fixtureApp('pipeline'));
});
afterAll(() => close(app));
const request = () => createHttpRequest(app);

describe('middleware', () => {
  it('runs global, then controller, then route middleware, unwinding in reverse', async () => {
    const res = await request().get('/pipeline/order');
    expect(res.body.trace).toEqual(['global', 'controller', 'route']);
    expect(res.headers['x-trace']).toBe('route, controller, global');
  });

  it('lets a middleware short-circuit the chain', async () => {
    const res = await request().get('/pipeline/order').set('x-block', 'yes');
    expect(res.status).toBe(418);
    expect(res.body).toEqual({ blocked: true });
    expect(res.headers['x-trace']).toBe('route, controller, global');
  });

  it('applies a middleware only where its match says', async () => {
    expect((await request().get('/pipeline/reports')).headers['x-reports']).toBe('seen');
    expect((await request().get('/pipeline/health')).headers['x-reports']).toBeUndefined();
  });

  it('skips a middleware where its ignore says (RegExp and predicate)', async () => {
    expect((await request().get('/pipeline/reports')).headers['x-audited']).toBe('yes');
    expect((await request().get('/pipeline/health')).headers['x-audited']).toBeUndefined();
    expect((await request().get('/pipeline/reports').set('x-skip', '1')).headers['x-audited']).toBeUndefined();
  });

  it('injects config into a middleware class', async () => {
    expect((await request().get('/pipeline/health')).headers['x-stamp']).toBe('from-config');
  });

  it('accepts plain Koa middleware (@koa/cors) at route level', async () => {
    const res = await request().get('/pipeline/cors').set('Origin', 'https://app.example');
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
    const other = await request().get('/pipeline/health').set('Origin', 'https://app.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('built-in middleware', () => {
  it('writes one JSON access log line per request', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await request().get('/pipeline/health').set('x-request-id', 'log-me-1');
    } finally {
      spy.mockRestore();
    }
    const entries = lines.map((line) => JSON.parse(line)).filter((entry) => entry.message === 'request');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: 'info', method: 'GET', path: '/pipeline/health', status: 200, requestId: 'log-me-1' });
    expect(typeof entries[0].durationMs).toBe('number');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await request().post('/pipeline/echo').send({ blob: 'x'.repeat(4096) });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe('request body exceeds the 2kb limit');
  });

  it('refuses a streamed body over the limit with 413, without a content-length', async () => {
    const req = request().post('/pipeline/echo').set('Content-Type', 'application/json').set('Transfer-Encoding', 'chunked');
    req.write('{"blob":"');
    req.write('x'.repeat(3000));
    const res = await req.send('"}');
    expect(res.status).toBe(413);
  });

  it('decodes a declared charset and refuses an unknown one with 415', async () => {
    const latin1 = Buffer.from('{"name":"Jos\u00e9"}', 'latin1');
    expect(latin1.length).toBe(15);
    const req = request().post('/pipeline/echo').set('Content-Type', 'application/json; charset=iso-8859-1');
    req.write(latin1);
    const ok = await req;
    expect(ok.body.body).toEqual({ name: 'Jos\u00e9' });
    const bad = await request().post('/pipeline/echo').set('Content-Type', 'application/json; charset=klingon').send('{}');
    expect(bad.status).toBe(415);
    expect(bad.body.error.message).toBe('unsupported charset "klingon"');
  });

  it('answers malformed JSON with a clear 400', async () => {
    const res = await request().post('/pipeline/echo').set('Content-Type', 'application/json').send('{"name": "ada",');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^malformed JSON body: /);
  });

  it('parses urlencoded bodies flat, a repeated key as an array, and text bodies', async () => {
    expect((await request().post('/pipeline/echo').type('form').send('a=1&tag=x&tag=y&b%5Bc%5D=2')).body.body).toEqual({ a: '1', tag: ['x', 'y'], 'b[c]': '2' });
    expect((await request().post('/pipeline/echo').type('text').send('just text')).body.body).toBe('just text');
  });

  it('keeps __proto__ and constructor keys out of parsed bodies', async () => {
    const json = await request()
      .post('/pipeline/echo')
      .set('Content-Type', 'application/json')
      .send('{"name":"ada","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"nested":{"__proto__":{"x":1}}}');
    expect(json.body).toEqual({ body: { name: 'ada', nested: {} }, prototypeClean: true });
    const form = await request().post('/pipeline/echo').type('form').send('__proto__=1&constructor=1&prototype=1&ok=1');
    expect(form.body).toEqual({ body: { ok: '1' }, prototypeClean: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns built-ins off through config', async () => {
    const bare = await createApp(fixtureApp('pipeline'), {
      config: { bodyParser: { enable: false }, accessLog: { enable: false }, requestId: { enable: false } },
    });
    try {
      const res = await createHttpRequest(bare).post('/pipeline/echo').send({ a: 1 });
      expect(res.body.body).toBeUndefined();
      expect(res.headers['x-request-id']).toBeUndefined();
    } finally {
      await close(bare);
    }
  });
});

describe('validation', () => {
  const valid = { name: 'Ada', age: 36, email: 'ada@example.com' };

  it('transforms a valid body into the DTO class', async () => {
    const res = await request().post('/pipeline/users').send(valid);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ isDto: true, dto: valid });
  });

  it('answers an invalid body with 422 and the failed constraints', async () => {
    const res = await request().post('/pipeline/users').send({ name: 'Ada', age: 200 });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      status: 422,
      message: 'Validation failed',
      details: [{ property: 'age', constraints: { max: 'age must not be greater than 150' } }],
    });
  });

  it('reports every failing property', async () => {
    const res = await request().post('/pipeline/users').send({ name: '', age: 1.5, email: 'not-an-email' });
    expect(res.body.error.details.map((detail: { property: string }) => detail.property)).toEqual(['name', 'age', 'email']);
    expect(Object.keys(res.body.error.details[1].constraints)).toEqual(['isInt']);
  });

  it('rejects a missing body and a non-object body', async () => {
    expect((await request().post('/pipeline/users')).status).toBe(422);
    const array = await request().post('/pipeline/users').send([valid]);
    expect(array.status).toBe(422);
    expect(array.body.error.details[0].constraints.isObject).toBe('expected a JSON object, got an array');
  });

  it('strips unknown properties by default', async () => {
    const res = await request().post('/pipeline/users').send({ ...valid, isAdmin: true });
    expect(res.status).toBe(200);
    expect(res.body.dto).toEqual(valid);
  });

  it('can forbid unknown properties instead', async () => {
    const strict = await createApp(fixtureApp('pipeline'), { config: { validation: { forbidNonWhitelisted: true } } });
    try {
      const res = await createHttpRequest(strict).post('/pipeline/users').send({ ...valid, isAdmin: true });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([{ property: 'isAdmin', constraints: { whitelistValidation: 'property isAdmin should not exist' } }]);
    } finally {
      await close(strict);
    }
  });

  it('validates nested DTOs and arrays of them, naming the path', async () => {
    const ok = await request().post('/pipeline/users').send({ ...valid, address: { city: 'London' }, tags: [{ label: 'math' }] });
    expect(ok.status).toBe(200);
    const res = await request().post('/pipeline/users').send({ ...valid, address: { city: '' }, tags: [{ label: 'ok' }, { label: 5 }] });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((detail: { property: string }) => detail.property)).toEqual(['address.city', 'tags.1.label']);
  });

  it('converts query DTO numbers and booleans from text', async () => {
    const res = await request().get('/pipeline/users?page=2&active=false');
    expect(res.body).toEqual({ query: { page: 2, active: false }, types: ['number', 'boolean'] });
  });

  it('rejects query text that is not a number', async () => {
    const res = await request().get('/pipeline/users?page=abc');
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].property).toBe('page');
  });
});

describe('guards', () => {
  it('lets a request through when every guard agrees', async () => {
    const res = await request().get('/pipeline/secure').set('Authorization', 'Bearer secret');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ secret: 42 });
  });

  it('answers 401 when a guard throws UnauthorizedError', async () => {
    const res = await request().get('/pipeline/secure');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('missing bearer token');
  });

  it('answers 403 when a guard returns false', async () => {
    const res = await request().get('/pipeline/secure').set('Authorization', 'Bearer wrong');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ status: 403, message: 'Forbidden' });
  });

  it('runs guards in order and tells them the target class and method', async () => {
    const denied = await request().get('/pipeline/admin').set('Authorization', 'Bearer secret');
    expect(denied.status).toBe(403);
    const allowed = await request().get('/pipeline/admin').set('Authorization', 'Bearer secret').set('x-role', 'admin');
    expect(allowed.status).toBe(200);
    expect(allowed.headers['x-guarded']).toBe('PipelineController.admin');
  });

  it('applies global guards to every route', async () => {
    expect((await request().get('/pipeline/health').set('x-banned', 'yes')).status).toBe(403);
  });
});

describe('exception filters', () => {
  it('uses the controller filter for the errors it catches', async () => {
    const res = await request().get('/pipeline/fail/quota');
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ handledBy: 'controller filter', message: 'quota exceeded' });
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('tries specific global filters before the catch-all, whatever the registration order', async () => {
    const res = await request().get('/pipeline/fail/domain');
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ handledBy: 'global DomainErrorFilter', message: 'domain rule broken' });
  });

  it('falls back to the global catch-all, which answers 200 as it sets no status (as in Midway)', async () => {
    const res = await request().get('/pipeline/fail/other');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ handledBy: 'global CatchAllFilter', message: 'unexpected' });
  });

  it('renders what a filter rethrows with the default JSON error body', async () => {
    const res = await request().get('/missing-route');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ status: 404, requestId: res.headers['x-request-id'] });
  });
});
