import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { fixtureApp } from './helpers/paths.js';

describe('the request context across awaits', () => {
  let app: Awaited<ReturnType<typeof createApp>>;
  beforeAll(async () => {
    app = await createApp(fixtureApp('async-context'), { config: { accessLog: { enable: false } } });
  });
  afterAll(() => close(app));

  it("is each request's own after an await in a singleton: through Koa's currentContext and for a request-scoped provider resolved then", async () => {
    // The slower request starts first, so the two overlap and each reads after the other has begun.
    const [slow, fast] = await Promise.all([
      createHttpRequest(app).get('/later?ms=60').set('x-tag', 'slow'),
      createHttpRequest(app).get('/later?ms=10').set('x-tag', 'fast'),
    ]);
    expect(slow.body).toEqual({ fromCurrentContext: 'slow', fromResolvedLater: 'slow' });
    expect(fast.body).toEqual({ fromCurrentContext: 'fast', fromResolvedLater: 'fast' });
  });
});
