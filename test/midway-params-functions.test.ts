import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createFunctionApp, type FunctionApp } from 'wick/testing';
import { fixtureApp } from './helpers/paths.js';

let app: FunctionApp;
beforeAll(async () => {
  app = await createFunctionApp(fixtureApp('midway-params'));
});
afterAll(() => close(app));

const json = (response: { body: Buffer }) => JSON.parse(response.body.toString('utf8'));

/** A multipart/form-data body written out by hand, as a browser sends it. */
function formData(boundary: string, parts: { name: string; value: string; filename?: string; type?: string }[]): Buffer {
  const lines = parts.map(({ name, value, filename, type }) =>
    [
      `--${boundary}`,
      `Content-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}`,
      ...(type ? [`Content-Type: ${type}`] : []),
      '',
      value,
    ].join('\r\n'),
  );
  return Buffer.from(`${lines.join('\r\n')}\r\n--${boundary}--\r\n`);
}

describe('function mode', () => {
  it('keeps the session across invocations through the signed cookie', async () => {
    const login = await app.invoke('sessionController', {
      method: 'POST',
      path: '/session/login',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ user: 'ada' })),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers['set-cookie'] as string[]).map((line) => line.split(';')[0]).join('; ');
    expect(cookie).toMatch(/MW_SESS=.*MW_SESS\.sig=/);

    const me = await app.invoke('sessionController', { method: 'GET', path: '/session/me', headers: { cookie } });
    expect(json(me)).toEqual({ user: 'ada', visits: 2 });
    const secret = await app.invoke('sessionController', { method: 'GET', path: '/session/private', headers: { cookie } });
    expect(json(secret)).toEqual({ secret: 'for ada' });
  });

  it('reads files and fields of a multipart body', async () => {
    const body = formData('fn-boundary', [
      { name: 'title', value: 'from a function' },
      { name: 'avatar', value: 'png-bytes', filename: 'me.png', type: 'image/png' },
    ]);
    const res = await app.invoke('uploadController', {
      method: 'POST',
      path: '/upload',
      headers: { 'content-type': 'multipart/form-data; boundary=fn-boundary' },
      body,
    });
    expect(res.status).toBe(200);
    expect(json(res)).toMatchObject({
      files: [{ filename: 'me.png', fieldName: 'avatar', mimeType: 'image/png', size: 9, text: 'png-bytes' }],
      fields: { title: 'from a function' },
      title: 'from a function',
    });
  });

  it('answers 413 for a file over the limit and 400 for a malformed body', async () => {
    const big = formData('b', [{ name: 'big', value: 'x'.repeat(2049), filename: 'big.bin' }]);
    const tooBig = await app.invoke('uploadController', { method: 'POST', path: '/upload', headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: big });
    expect(tooBig.status).toBe(413);
    expect(json(tooBig).error.message).toBe('file "big.bin" exceeds the 2kb file size limit');

    const cut = Buffer.from('--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nunfinished');
    const malformed = await app.invoke('uploadController', { method: 'POST', path: '/upload', headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: cut });
    expect(malformed.status).toBe(400);
  });
});
