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
