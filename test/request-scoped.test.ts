import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { fixtureApp } from './helpers/paths.js';

let app: Awaited<ReturnType<typeof createApp>>;
beforeAll(async () => {
  app = await createApp(fixtureApp('request-scoped'));
});
afterAll(() => close(app));

/** What the container is asked to resolve while `requests` run. */
async function resolvedDuring(requests: () => Promise<unknown>): Promise<unknown[]> {
  const resolutions = [vi.spyOn(app.container, 'getAsync'), vi.spyOn(app.container, 'get')];
  try {
    await requests();
    return resolutions.flatMap((resolution) => resolution.mock.calls.map((call) => call[0]));
  } finally {
    resolutions.forEach((resolution) => resolution.mockRestore());
  }
}

describe('a request-scoped controller', () => {
  it('that injects only singletons and app values is served without a container resolution per request', async () => {
    const bodies: any[] = [];
    const resolved = await resolvedDuring(async () => {
      for (let i = 0; i < 3; i++) bodies.push((await createHttpRequest(app).get('/plain')).body);
    });
    expect(resolved).toEqual([]);
    expect(new Set(bodies.map((body) => body.number)).size).toBe(3);
    for (const body of bodies) {
      expect(body).toMatchObject({ inits: ['first sees hello', 'second'], sameStore: true, store: bodies[0].store, clock: bodies[0].clock });
      expect(body).toMatchObject({ greeting: 'hello', env: app.getEnv(), logs: true });
    }
  });

  it('that injects the request context and singletons is built with its own request ctx, without a container resolution', async () => {
    const bodies: any[] = [];
    const resolved = await resolvedDuring(async () => {
      for (const id of ['own-1', 'own-2']) bodies.push((await createHttpRequest(app).get('/own-context').set('x-request-id', id)).body);
    });
    expect(resolved).toEqual([]);
    expect(bodies).toEqual([
      { requestId: 'own-1', store: bodies[0].store },
      { requestId: 'own-2', store: bodies[0].store },
    ]);
  });

  it('that injects a request-scoped service gets a fresh one per request, holding that request ctx', async () => {
    const request = createHttpRequest(app);
    const first = (await request.get('/tracked').set('x-request-id', 'first-request')).body;
    const second = (await request.get('/tracked').set('x-request-id', 'second-request')).body;
    expect(first).toMatchObject({ requestId: 'first-request', initialized: true });
    expect(second).toMatchObject({ requestId: 'second-request', initialized: true });
    expect(first.tracker).not.toBe(second.tracker);
    expect(first.store).toBe(second.store);
  });
});
