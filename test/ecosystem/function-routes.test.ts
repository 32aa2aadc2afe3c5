import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WickApplication } from 'wick';
import { bootConformanceApp } from '../conformance/targets.js';

describe('a function is the one Koa app routed to its own routes', () => {
  let app: WickApplication;
  beforeAll(async () => {
    app = await bootConformanceApp();
  });
  afterAll(() => app?.close());

  it("answers its own route, and another function's path as an unknown route", async () => {
    const own = await app.functions.invokeHttp('greet', { method: 'GET', path: '/fn/greet', query: { name: 'ada' } });
    expect(JSON.parse(own.body.toString('utf8'))).toEqual({ greeting: 'hi ada', method: 'GET' });
    const other = await app.functions.invokeHttp('greet', { method: 'GET', path: '/conf/hello' });
    expect(other.status).toBe(404);
    expect(JSON.parse(other.body.toString('utf8')).error.message).toBe('no route for GET /conf/hello');
  });
});
