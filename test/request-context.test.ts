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

describe('the request context in an app where no provider injects ctx', () => {
  const overlapping = (app: Awaited<ReturnType<typeof createApp>>) =>
    Promise.all([
      createHttpRequest(app).get('/current?ms=60').set('x-tag', 'slow'),
      createHttpRequest(app).get('/current?ms=10').set('x-tag', 'fast'),
    ]);

  it("is each request's own through Koa's currentContext from the first request when config asyncContextManager.enable is true", async () => {
    const app = await createApp(fixtureApp('current-context'), { config: { accessLog: { enable: false }, asyncContextManager: { enable: true } } });
    try {
      const [slow, fast] = await overlapping(app);
      expect([slow.body, fast.body]).toEqual([{ tag: 'slow' }, { tag: 'fast' }]);
    } finally {
      await close(app);
    }
  });

  it('is turned on by the first read of currentContext: that read sees none, the requests started after it see their own', async () => {
    const app = await createApp(fixtureApp('current-context'), { config: { accessLog: { enable: false } } });
    try {
      const first = await createHttpRequest(app).get('/current?ms=0').set('x-tag', 'first');
      expect(first.body).toEqual({ tag: null });
      const [slow, fast] = await overlapping(app);
      expect([slow.body, fast.body]).toEqual([{ tag: 'slow' }, { tag: 'fast' }]);
    } finally {
      await close(app);
    }
  });
});
