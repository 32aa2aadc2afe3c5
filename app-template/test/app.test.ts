import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';

const appDir = fileURLToPath(new URL('..', import.meta.url));

describe('app-template', () => {
  let app: Awaited<ReturnType<typeof createApp>>;
  beforeAll(async () => {
    app = await createApp(appDir);
  });
  afterAll(() => close(app));

  it('greets by name', async () => {
    const res = await createHttpRequest(app).get('/hello?name=ada');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'hello ada' });
  });

  it('serves the seeded user', async () => {
    const res = await createHttpRequest(app).get('/users/1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 1, name: 'Ada Lovelace' });
  });

  it('creates, reads and deletes a user', async () => {
    const created = await createHttpRequest(app).post('/users').send({ name: 'Grace Hopper', age: 85 });
    expect(created.status).toBe(201);
    const { id } = created.body;
    expect((await createHttpRequest(app).get(`/users/${id}`)).body.name).toBe('Grace Hopper');
    expect((await createHttpRequest(app).delete(`/users/${id}`)).status).toBe(204);
    expect((await createHttpRequest(app).get(`/users/${id}`)).status).toBe(404);
  });

  it('answers an unknown user with a JSON 404', async () => {
    const res = await createHttpRequest(app).get('/users/999');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ status: 404, message: 'user 999 not found' });
  });
});
