import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from 'wick';
import { close, createFunctionApp, type FunctionApp } from 'wick/testing';
import { fixtureApp } from './helpers/paths.js';

/**
 * The koa-filters fixture: @koa/cors and koa-static mounted globally, a catch-all `@Catch()` filter shaping every
 * error body, and an event function that always fails.
 */
const APP = fixtureApp('koa-filters');
const quiet = { config: { accessLog: { enable: false }, logger: { level: 'silent' } } };

let app: FunctionApp;
let url: string;
let stop: () => Promise<void>;
beforeAll(async () => {
  app = await createFunctionApp(APP, quiet);
  const running = await startServer(app, { port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${running.port}`;
  stop = running.stop;
});
afterAll(async () => {
  await stop?.();
  await close(app);
});

const json = (response: { body: Buffer }) => JSON.parse(response.body.toString('utf8'));

describe('a global catch-all filter and HTTP errors', () => {
  it('keeps the Allow header of a 405 it answers, in server mode', async () => {
    const res = await fetch(`${url}/items`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('HEAD, GET, POST');
    expect(await res.json()).toEqual({ ok: false, status: 405, message: 'Method Not Allowed' });
  });

  it('keeps the Allow header of a 405 it answers, as a function', async () => {
    const res = await app.invoke('itemsController', { method: 'DELETE', path: '/items' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('HEAD, GET, POST');
    expect(json(res)).toEqual({ ok: false, status: 405, message: 'Method Not Allowed' });
  });
});

describe('a global catch-all filter and event invocations', () => {
  it('leaves an event failure a failure: the error reaches the caller', async () => {
    await expect(app.invoke('failing', { id: 'one' })).rejects.toThrow('job one fails');
  });
});
