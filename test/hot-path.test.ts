import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { fixtureApp } from './helpers/paths.js';

let app: Awaited<ReturnType<typeof createApp>>;
beforeAll(async () => {
  app = await createApp(fixtureApp('di'));
});
afterAll(() => close(app));

async function metadataKeysReadDuring(requests: () => Promise<unknown>): Promise<string[]> {
  const reads = [vi.spyOn(Reflect, 'getMetadata'), vi.spyOn(Reflect, 'getOwnMetadata')];
  try {
    await requests();
    return reads.flatMap((read) => read.mock.calls.map((call) => String(call[0])));
  } finally {
    reads.forEach((read) => read.mockRestore());
  }
}

describe('the per-request path', () => {
  it('reads no wick or design metadata, even for request-scoped controllers', async () => {
    const keys = await metadataKeysReadDuring(async () => {
      const request = createHttpRequest(app);
      await request.get('/di/scopes');
      await request.get('/http/typed/1?flag=true');
      await request.post('/http/body').send({ name: 'ada' });
    });
    expect(keys.filter((key) => key.startsWith('wick:') || key.startsWith('design:'))).toEqual([]);
  });

  it('reads no metadata at all for a singleton controller', async () => {
    const keys = await metadataKeysReadDuring(async () => {
      const res = await createHttpRequest(app).get('/fast?name=bo');
      expect(res.body).toEqual({ greeting: 'hello bo!' });
    });
    expect(keys).toEqual([]);
  });
});

describe('the per-request path with middleware, guards, filters and validation', () => {
  let pipeline: Awaited<ReturnType<typeof createApp>>;
  beforeAll(async () => {
    pipeline = await createApp(fixtureApp('pipeline'), { config: { accessLog: { enable: false } } });
  });
  afterAll(() => close(pipeline));

  it('reads no wick or design metadata', async () => {
    const keys = await metadataKeysReadDuring(async () => {
      const request = createHttpRequest(pipeline);
      expect((await request.get('/pipeline/order')).status).toBe(200);
      expect((await request.get('/pipeline/admin').set('Authorization', 'Bearer secret').set('x-role', 'admin')).status).toBe(200);
      expect((await request.post('/pipeline/users').send({ name: 'Ada', age: 3, address: { city: 'X' } })).status).toBe(200);
      expect((await request.get('/pipeline/users?page=2')).status).toBe(200);
      expect((await request.get('/pipeline/fail/quota')).status).toBe(429);
    });
    expect(keys.filter((key) => key.startsWith('wick:') || key.startsWith('design:'))).toEqual([]);
  });
});
