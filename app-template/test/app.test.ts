import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const auth = { Authorization: 'Bearer dev-token' };

describe('app-template', () => {
  let app: Awaited<ReturnType<typeof createApp>>;
  beforeAll(async () => {
    app = await createApp(appDir, { config: { accessLog: { enable: false } } });
  });
  afterAll(() => close(app));
  const request = () => createHttpRequest(app);

  it('greets by name', async () => {
    const res = await request().get('/hello?name=ada');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'hello ada' });
  });

  it('counts page views in the store (in memory under test)', async () => {
    const first = await request().get('/pv');
    expect(first.status).toBe(200);
    expect((await request().get('/pv')).body).toEqual({ pv: first.body.pv + 1 });
  });

  it('serves the seeded user', async () => {
    const res = await request().get('/users/1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 1, name: 'Ada Lovelace' });
  });

  it('creates, reads and deletes a user', async () => {
    const created = await request().post('/users').send({ name: 'Grace Hopper', age: 85 });
    expect(created.status).toBe(201);
    const { id } = created.body;
    expect((await request().get(`/users/${id}`)).body.name).toBe('Grace Hopper');
    expect((await request().delete(`/users/${id}`).set(auth)).status).toBe(204);
    expect((await request().get(`/users/${id}`)).status).toBe(404);
  });

  it('answers an unknown user with a JSON 404', async () => {
    const res = await request().get('/users/999');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ status: 404, message: 'user 999 not found' });
  });

  it('validates a new user: name 1..50 characters, age an integer 0..150, email optional', async () => {
    const res = await request().post('/users').send({ name: '', age: 151, email: 'nope', role: 'admin' });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((detail: { property: string }) => detail.property)).toEqual(['name', 'age', 'email']);
    expect((await request().post('/users').send({ name: 'x'.repeat(51), age: 1 })).status).toBe(422);
    expect((await request().post('/users').send({ name: 'Bo', age: 2.5 })).status).toBe(422);
  });

  it('stores only the validated fields', async () => {
    const res = await request().post('/users').send({ name: 'Bo', age: 3, role: 'admin' });
    expect(res.body).toEqual({ id: res.body.id, name: 'Bo', age: 3 });
  });

  it('guards DELETE /users/:id with the configured bearer token', async () => {
    expect((await request().delete('/users/1')).status).toBe(401);
    expect((await request().delete('/users/1').set('Authorization', 'Bearer wrong')).status).toBe(403);
    expect((await request().get('/users/1')).status).toBe(200);
  });

  it('maps a duplicate email to 409 through an exception filter', async () => {
    const res = await request().post('/users').send({ name: 'Ada again', age: 36, email: 'ada@example.com' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ status: 409, message: 'a user with email ada@example.com already exists' });
  });

  it('reports time spent in a server-timing header', async () => {
    expect((await request().get('/hello')).headers['server-timing']).toMatch(/^app;dur=\d+\.\d{2}$/);
  });
});
