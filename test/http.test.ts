import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { fixtureApp } from './helpers/paths.js';

let app: Awaited<ReturnType<typeof createApp>>;
beforeAll(async () => {
  app = await createApp(fixtureApp('di'));
});
afterAll(() => close(app));
const request = () => createHttpRequest(app);

/** supertest parser that keeps the body as raw bytes, whatever its type. */
function rawBytes(response: any, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('parameter decorators', () => {
  it('extracts @Param, @Query and @Headers by name and as a whole', async () => {
    const res = await request().get('/http/params/7?q=find&extra=1').set('X-Custom', 'yes').set('User-Agent', 'wick-test');
    expect(res.body).toEqual({
      id: '7',
      allParams: { id: '7' },
      q: 'find',
      query: { q: 'find', extra: '1' },
      custom: 'yes',
      userAgent: 'wick-test',
    });
  });

  it('extracts @Body as a whole and by field', async () => {
    const res = await request().post('/http/body').send({ name: 'ada', age: 36 });
    expect(res.body).toEqual({ body: { name: 'ada', age: 36 }, name: 'ada' });
  });

  it('converts parameters to their declared number and boolean types', async () => {
    const res = await request().get('/http/typed/42?flag=true&page=3');
    expect(res.body).toEqual({ n: 42, flag: true, page: 3, types: ['number', 'boolean', 'number'] });
  });

  it('rejects a non-numeric value for a number parameter with 400', async () => {
    const res = await request().get('/http/typed/abc');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('route parameter "n" must be a number, got "abc"');
  });

  it('rejects a garbage boolean with 400', async () => {
    const res = await request().get('/http/typed/1?flag=maybe');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('query parameter "flag" must be true or false');
  });
});

describe('method decorators', () => {
  it.each([
    ['put', '/http/put', 'PUT'],
    ['patch', '/http/patch', 'PATCH'],
  ] as const)('routes %s with its body', async (method, path, name) => {
    const res = await request()[method](path).send({ x: 1 });
    expect(res.body).toEqual({ method: name, body: { x: 1 } });
  });

  it('routes @Del', async () => {
    expect((await request().delete('/http/thing')).body).toEqual({ method: 'DELETE' });
  });

  it('routes @Head', async () => {
    const res = await request().head('/http/probe');
    expect(res.status).toBe(204);
    expect(res.headers['x-probe']).toBe('yes');
  });

  it('routes @Options to the handler', async () => {
    const res = await request().options('/http/opts');
    expect(res.headers['x-options']).toBe('custom');
  });

  it('routes every method with @All', async () => {
    for (const method of ['get', 'post', 'put', 'delete'] as const) {
      expect((await request()[method]('/http/any')).body).toEqual({ method: method.toUpperCase() });
    }
  });
});

describe('response decorators', () => {
  it('@HttpCode and @SetHeader shape the response', async () => {
    const res = await request().post('/http/created');
    expect(res.status).toBe(201);
    expect(res.headers['x-one']).toBe('1');
    expect(res.headers['x-two']).toBe('2');
    expect(res.body).toEqual({ created: true });
  });

  it('@ContentType sets the type', async () => {
    const res = await request().get('/http/csv');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text).toBe('a,b\n1,2\n');
  });

  it('@Redirect redirects with its status', async () => {
    const res = await request().get('/http/old').redirects(0);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/http/new');
  });
});

describe('return values', () => {
  it('sends an array as JSON', async () => {
    const res = await request().get('/http/array');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual([1, 2, 3]);
  });

  it('sends a string as text/plain', async () => {
    const res = await request().get('/http/text');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('plain words');
  });

  it('sends a string starting with < as text/html', async () => {
    const res = await request().get('/http/html');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('sends a Buffer as octet-stream', async () => {
    const res = await request().get('/http/buffer').buffer(true).parse(rawBytes);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect([...(res.body as Buffer)]).toEqual([0, 1, 2, 255]);
  });

  it('streams a Readable', async () => {
    const res = await request().get('/http/stream').buffer(true).parse(rawBytes);
    expect(res.status).toBe(200);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect((res.body as Buffer).toString()).toBe('chunk1-chunk2');
  });

  it('answers undefined with 204 and no body', async () => {
    const res = await request().get('/http/nothing');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('gives handlers the Koa context: cookies, status, type', async () => {
    const res = await request().get('/http/cookie').set('Cookie', 'visit=1');
    expect(res.status).toBe(202);
    expect(res.text).toBe('seen:1');
    expect(res.headers['set-cookie'][0]).toMatch(/^session=abc; path=\/; httponly/);
  });
});

describe('errors', () => {
  it.each([
    ['BadRequestError', 400, 'bad input'],
    ['UnauthorizedError', 401, 'who are you'],
    ['ForbiddenError', 403, 'not yours'],
    ['NotFoundError', 404, 'nothing here'],
    ['ConflictError', 409, 'already there'],
    ['UnprocessableEntityError', 422, 'cannot process'],
    ['TooManyRequestsError', 429, 'slow down'],
    ['InternalServerError', 500, 'db exploded'],
    ['HttpError', 418, "I'm a teapot"],
  ])('renders %s as JSON with status %i', async (name, status, message) => {
    const res = await request().get(`/errors/${name}`);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.error).toMatchObject({ status, message, requestId: res.headers['x-request-id'] });
  });

  it('includes details given to HttpError', async () => {
    expect((await request().get('/errors/HttpError')).body.error.details).toEqual({ brew: 'tea' });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await request().get('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ status: 404, requestId: res.headers['x-request-id'] });
  });

  it('answers a known path with a wrong method with 405 and Allow', async () => {
    const res = await request().post('/http/text');
    expect(res.status).toBe(405);
    expect(res.headers.allow.split(', ').sort()).toEqual(['GET', 'HEAD']);
    expect(res.body.error.status).toBe(405);
  });

  it('shows an unexpected error to developers outside prod', async () => {
    const res = await request().get('/errors/Error');
    expect(res.status).toBe(500);
    expect(res.body.error.message).toBe('secret internals');
  });

  it('hides the message and stack of a 500 in prod', async () => {
    const prod = await createApp(fixtureApp('di'), { env: 'prod', config: { logger: { level: 'silent' } } });
    try {
      for (const name of ['Error', 'InternalServerError']) {
        const res = await createHttpRequest(prod).get(`/errors/${name}`);
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ error: { status: 500, message: 'Internal Server Error', requestId: res.headers['x-request-id'] } });
      }
      expect((await createHttpRequest(prod).get('/errors/ConflictError')).body.error.message).toBe('already there');
    } finally {
      await close(prod);
    }
  });
});

describe('request ids', () => {
  it('generates an x-request-id for every response', async () => {
    const a = await request().get('/http/text');
    const b = await request().get('/no/such/route');
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('keeps a sane incoming x-request-id', async () => {
    const res = await request().get('/errors/NotFoundError').set('x-request-id', 'abc-123.def');
    expect(res.headers['x-request-id']).toBe('abc-123.def');
    expect(res.body.error.requestId).toBe('abc-123.def');
  });

  it('replaces an insane incoming x-request-id', async () => {
    for (const bad of ['has spaces', 'x'.repeat(200), 'quote"inside']) {
      const res = await request().get('/http/text').set('x-request-id', bad);
      expect(res.headers['x-request-id']).not.toBe(bad);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
