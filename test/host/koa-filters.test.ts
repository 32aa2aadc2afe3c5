import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from 'wick/testing';
import { fixtureApp } from '../helpers/paths.js';
import { useServedApp } from '../helpers/server.js';
import { eventually, invoke, useHost } from './helpers.js';

/**
 * The koa-filters fixture (@koa/cors and koa-static mounted globally, a catch-all filter shaping error bodies, an
 * event function that always fails) under `wick host`, each answer compared with server mode's over real HTTP.
 */
const host = useHost('koa-filters', '--retry-delay', '100ms');

const server = useServedApp(() => createApp(fixtureApp('koa-filters'), { env: 'prod', config: { accessLog: { enable: false }, logger: { level: 'silent' } } }));

/** What a client sees of an answer, minus what differs per request (ids, dates). */
async function seen(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, init);
  const headers = Object.fromEntries([...res.headers].filter(([name]) => name === 'allow' || name === 'content-type' || name.startsWith('access-control-')));
  return { status: res.status, headers, body: await res.text() };
}

/** The same request to the host and to server mode: both answers, the host's first. */
async function both(path: string, init: RequestInit = {}) {
  return Promise.all([seen(host.url, path, init), seen(server.url, path, init)]);
}

describe('wick host answers unmatched requests as the app does in server mode', () => {
  it('lets @koa/cors answer a CORS preflight', async () => {
    const [hosted, served] = await both('/items', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(hosted.status).toBe(204);
    expect(hosted.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example', 'access-control-allow-methods': 'GET,POST,DELETE' });
    expect(hosted).toEqual(served);
  });

  it('answers a plain OPTIONS with the Allow of every method on the path', async () => {
    const [hosted, served] = await both('/items', { method: 'OPTIONS' });
    expect(hosted).toMatchObject({ status: 204, headers: { allow: 'HEAD, GET, POST, OPTIONS' } });
    expect(hosted).toEqual(served);
  });

  it("shapes a 405 through the app's catch-all filter and keeps its Allow", async () => {
    const [hosted, served] = await both('/items', { method: 'DELETE' });
    expect(hosted.status).toBe(405);
    expect(hosted.headers.allow).toBe('HEAD, GET, POST');
    expect(JSON.parse(hosted.body)).toEqual({ ok: false, status: 405, message: 'Method Not Allowed' });
    expect(hosted).toEqual(served);
  });

  it("shapes a 404 for a path no function has through the app's catch-all filter", async () => {
    const [hosted, served] = await both('/nowhere');
    expect(hosted.status).toBe(404);
    expect(JSON.parse(hosted.body)).toEqual({ ok: false, status: 404, message: 'no route for GET /nowhere' });
    expect(hosted).toEqual(served);
  });
});

describe('wick host serves the static files the artifacts carry', () => {
  it('answers a file with koa-static, and one read through import.meta.url, as server mode does', async () => {
    const [file, servedFile] = await both('/hello.txt');
    expect(file.status).toBe(200);
    expect(file.body).toBe(readFileSync(join(fixtureApp('koa-filters'), 'public', 'hello.txt'), 'utf8'));
    expect(file).toEqual(servedFile);
    const [greeting, servedGreeting] = await both('/items/greeting');
    expect(greeting.status).toBe(200);
    expect(greeting).toEqual(servedGreeting);
  });
});

describe('wick host: an event function under a global catch-all HTTP filter', () => {
  it('keeps its failure: an error result, the retries, then the dead-letter file', async () => {
    const sync = await invoke(host.url, 'failing', { id: 'sync' });
    expect(sync.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(sync.body).toMatchObject({ errorType: 'Error', errorMessage: 'job sync fails' });

    const id = randomUUID();
    const marker = join(host.out, `${id}.marker`);
    expect((await invoke(host.url, 'failing', { marker, id }, 'Event')).status).toBe(202);
    const deadLetters = join(host.out, 'dlq', 'failing.jsonl');
    const letter = await eventually(
      () => existsSync(deadLetters) && readFileSync(deadLetters, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((entry) => entry.event.id === id),
      10_000,
      'the dead letter',
    );
    expect(letter).toMatchObject({ attempts: 3, error: { errorType: 'Error', errorMessage: `job ${id} fails` } });
    expect(readFileSync(marker, 'utf8').split('\n').filter(Boolean)).toEqual([id, id, id]);
  });
});
