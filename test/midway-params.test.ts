import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { fixtureApp } from './helpers/paths.js';

const APP = fixtureApp('midway-params');

let app: Awaited<ReturnType<typeof createApp>>;
beforeAll(async () => {
  app = await createApp(APP);
});
afterAll(() => close(app));
const request = () => createHttpRequest(app);

describe('Midway parameter decorators', () => {
  it('@Queries gives every value of a key as an array, and every key without a name', async () => {
    const res = await request().get('/params/queries?tag=a&tag=b&one=1');
    expect(res.body).toEqual({ tags: ['a', 'b'], missing: [], all: { tag: ['a', 'b'], one: ['1'] } });
  });

  it('@Body(ALL) and @Query(ALL) are the whole objects', async () => {
    const res = await request().post('/params/all?x=1').send({ a: 1 });
    expect(res.body).toEqual({ body: { a: 1 }, query: { x: '1' } });
  });

  it('@RequestPath and @RequestIP are the path and the client address', async () => {
    const res = await request().get('/params/where?ignored=1');
    expect(res.body.path).toBe('/params/where');
    expect(res.body.ip).toMatch(/127\.0\.0\.1|::1/);
  });

  it('createRequestParamDecorator reads the context, sync or async, with its own pipes', async () => {
    const res = await request().get('/params/custom').set('x-user', 'ada');
    expect(res.body).toEqual({ user: 'ada', later: 'later! (parameter of custom, String)' });
    expect((await request().get('/params/custom')).body.user).toBe('anonymous');
  });

  it('@SetHeader takes a map as well as a name and a value', async () => {
    const res = await request().get('/params/headers');
    expect([res.headers['x-one'], res.headers['x-two'], res.headers['x-three']]).toEqual(['1', '2', '3']);
  });
});

describe('pipes', () => {
  it('run in order after conversion: DefaultValuePipe, ParseIntPipe, ParseFloatPipe, ParseBoolPipe and a DI @Pipe', async () => {
    const res = await request().get('/params/pipes?ratio=0.5&flag=TRUE&name=ada');
    expect(res.body).toEqual({ page: 1, ratio: 0.5, flag: true, name: 'ada! (query parameter "name" of pipes, String)' });
    expect((await request().get('/params/pipes?page=3&ratio=1&flag=0&name=x')).body).toMatchObject({ page: 3, ratio: 1, flag: false });
  });

  it.each([
    ['/params/count?n=1.5&raw=1', 'query parameter "n" is not a valid integer, got 1.5'],
    ['/params/count?n=2&raw=abc', 'query parameter "raw" is not a valid number, got "abc"'],
    ['/params/count?n=2', 'query parameter "raw" is not a valid number, got nothing'],
    ['/params/count?n=2&raw=1&on=maybe', 'query parameter "on" is not a valid boolean, got "maybe"'],
    // The declared type's conversion comes first: a boolean parameter refuses garbage before its pipe sees it.
    ['/params/pipes?ratio=1&flag=maybe&name=x', 'query parameter "flag" must be true or false, got "maybe"'],
  ])('%s is refused with a 400 naming the parameter', async (path, message) => {
    const res = await request().get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });

  it('DTO validation keeps working beside pipes on other parameters', async () => {
    const ok = await request().post('/params/items?copies=4').send({ name: 'pen' });
    expect(ok.body).toEqual({ item: { name: 'pen' }, copies: 4, isDto: true });
    const invalid = await request().post('/params/items').send({ name: '' });
    expect(invalid.status).toBe(422);
  });
});

describe('session', () => {
  it('round-trips through the signed cookie, in controllers, middleware and guards', async () => {
    const agent = request();
    const login = await agent.post('/session/login').send({ user: 'ada' });
    expect(login.body).toEqual({ signedIn: 'ada' });
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    expect(cookies.some((cookie) => cookie.startsWith('MW_SESS='))).toBe(true);
    expect(cookies.some((cookie) => cookie.startsWith('MW_SESS.sig='))).toBe(true);
    const cookie = cookies.map((line) => line.split(';')[0]).join('; ');

    const me = await request().get('/session/me').set('cookie', cookie);
    expect(me.body).toEqual({ user: 'ada', visits: 2 });
    expect(me.headers['x-visits']).toBe('2');
    expect((await request().get('/session/private').set('cookie', cookie)).body).toEqual({ secret: 'for ada' });
  });

  it('refuses a tampered cookie: the session starts empty', async () => {
    const forged = `MW_SESS=${Buffer.from(JSON.stringify({ user: 'root' })).toString('base64')}; MW_SESS.sig=forged`;
    const res = await request().get('/session/me').set('cookie', forged);
    expect(res.body.user).toBeNull();
  });

  it('guards given as an array all run: no session is a 401, a banned user a 403', async () => {
    expect((await request().get('/session/private')).status).toBe(401);
    const login = await request().post('/session/login').send({ user: 'mallory' });
    const cookie = ([] as string[]).concat(login.headers['set-cookie']).map((line) => line.split(';')[0]).join('; ');
    expect((await request().get('/session/private').set('cookie', cookie)).status).toBe(403);
  });

  it('reads keys given as an array too', async () => {
    const other = await createApp(APP, { config: { keys: ['only-key'] } });
    try {
      const login = await createHttpRequest(other).post('/session/login').send({ user: 'bob' });
      expect(login.status).toBe(200);
      // A cookie signed with another app's keys is not trusted here.
      const cookie = ([] as string[]).concat(login.headers['set-cookie']).map((line) => line.split(';')[0]).join('; ');
      expect((await request().get('/session/me').set('cookie', cookie)).body.user).toBeNull();
    } finally {
      await close(other);
    }
  });

  it('fails the boot when @Session is used without keys', async () => {
    await expect(createApp(APP, { config: { keys: undefined } })).rejects.toThrow(
      /SessionController\.me parameter 0 \(session value "user"\): @Session\(\) needs the session: set config keys/,
    );
  });

  it('fails the boot when session.enable is true without keys', async () => {
    await expect(createApp(APP, { config: { keys: undefined, session: { enable: true } } })).rejects.toThrow(
      'session.enable is true but config keys is not set',
    );
  });
});

function multipart(boundary: string, parts: string[]): Buffer {
  return Buffer.from(parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('') + `--${boundary}--\r\n`);
}

describe('multipart uploads', () => {
  it('@Files and @Fields read a real multipart body: all files, one field, the files of one field', async () => {
    const res = await request()
      .post('/upload')
      .field('title', 'holiday')
      .field('note', 'two files')
      .attach('avatar', Buffer.from('png-bytes'), { filename: 'me.png', contentType: 'image/png' })
      .attach('doc', Buffer.from('hello'), { filename: 'notes.txt', contentType: 'text/plain' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      files: [
        { filename: 'me.png', fieldName: 'avatar', mimeType: 'image/png', size: 9, text: 'png-bytes' },
        { filename: 'notes.txt', fieldName: 'doc', mimeType: 'text/plain', size: 5, text: 'hello' },
      ],
      fields: { title: 'holiday', note: 'two files' },
      avatars: ['me.png'],
      title: 'holiday',
    });
  });

  it('keeps a UTF-8 file name as the browser sent it', async () => {
    const res = await request().post('/upload').attach('doc', Buffer.from('cv'), 'résumé 履歴.txt');
    expect(res.body.files[0].filename).toBe('résumé 履歴.txt');
  });

  it('validates @Fields() against a DTO, converting its declared numbers', async () => {
    const ok = await request().post('/upload/form').field('title', 'poster').field('copies', '3');
    expect(ok.body).toEqual({ form: { title: 'poster', copies: 3 }, isDto: true, files: 0 });
    const invalid = await request().post('/upload/form').field('title', 'poster').field('copies', '0');
    expect(invalid.status).toBe(422);
  });

  it.each([
    ['a file over fileSize', (r: any) => r.attach('big', Buffer.alloc(2049, 'x'), 'big.bin'), 'file "big.bin" exceeds the 2kb file size limit'],
    ['more files than files', (r: any) => r.attach('a', Buffer.from('1'), 'a.txt').attach('b', Buffer.from('2'), 'b.txt').attach('c', Buffer.from('3'), 'c.txt'), 'more than 2 files'],
    ['more fields than fields', (r: any) => ['a', 'b', 'c', 'd', 'e'].reduce((req, name) => req.field(name, 'v'), r), 'more than 4 form fields'],
    ['a body over totalSize', (r: any) => r.attach('a', Buffer.alloc(1800, 'x'), 'a.bin').attach('b', Buffer.alloc(1800, 'y'), 'b.bin'), 'multipart body exceeds the 3kb limit'],
  ])('%s is a 413 with the JSON error body', async (_case, build, message) => {
    const res = await build(request().post('/upload'));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ status: 413, message });
    // The server is not left stuck on the refused body.
    expect((await request().post('/upload').field('title', 'after')).body.title).toBe('after');
  });

  it.each([
    ['a body cut short', 'multipart/form-data; boundary=cut', Buffer.from('--cut\r\nContent-Disposition: form-data; name="title"\r\n\r\nunfinished')],
    ['a missing boundary', 'multipart/form-data', multipart('x', ['Content-Disposition: form-data; name="a"\r\n\r\n1'])],
  ])('%s is a 400', async (_case, type, body) => {
    const res = await request().post('/upload').set('content-type', type).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^malformed multipart body: /);
  });

  describe("Midway's default mode: temporary files", () => {
    let dir: string;
    let files: Awaited<ReturnType<typeof createApp>>;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'wick-uploads-'));
      // mode 'file' is the default: the fixture's 'buffer' is taken back out.
      files = await createApp(APP, { config: { busboy: { mode: undefined, tmpdir: dir, cleanTimeout: 300 } } });
    });
    afterAll(async () => {
      await close(files);
      rmSync(dir, { recursive: true, force: true });
    });

    it('gives each file as a path under tmpdir, removed after cleanTimeout', async () => {
      const res = await createHttpRequest(files).post('/upload/saved').attach('doc', Buffer.from('on disk'), 'notes.txt');
      expect(res.body.contents).toEqual(['on disk']);
      const [path] = res.body.paths as string[];
      expect(path.startsWith(dir)).toBe(true);
      expect(path.endsWith('.txt')).toBe(true);
      expect(existsSync(path)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(existsSync(path)).toBe(false);
    });

    it('leaves no partial file behind a 413', async () => {
      const res = await createHttpRequest(files).post('/upload/saved').attach('doc', Buffer.from('ok'), 'a.txt').attach('big', Buffer.alloc(2049, 'x'), 'big.bin');
      expect(res.status).toBe(413);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  it('a request that is not multipart has no files and no fields', async () => {
    const res = await request().post('/upload').send({ title: 'json' });
    expect(res.body).toMatchObject({ files: [], fields: {}, avatars: [] });
  });
});
