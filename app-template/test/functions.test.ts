import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerlessTriggerType } from 'wick';
import { close, createFunctionApp, type FunctionApp } from 'wick/testing';
import { ReportFunction } from '../src/function/report.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));

describe('app-template functions', () => {
  let app: FunctionApp;
  beforeAll(async () => {
    app = await createFunctionApp(appDir, { config: { accessLog: { enable: false } } });
  });
  afterAll(() => close(app));

  it('answers the HTTP-triggered stats function', async () => {
    const res = await app.invoke('stats', { method: 'GET', path: '/api/stats' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ users: 1, withAvatar: 0 });
  });

  it('sets an avatar when one is uploaded, ignoring other keys', async () => {
    const event = {
      trigger: ServerlessTriggerType.OS,
      source: 'test',
      data: { records: [{ eventName: 'ObjectCreated:Put', bucket: 'uploads', key: 'avatars/1/me.png' }, { eventName: 'ObjectCreated:Put', bucket: 'uploads', key: 'other/x' }] },
    };
    expect(await app.invoke('avatarFunction-uploaded', event)).toEqual({ updated: [1] });
    const stats = await app.invoke('stats', { method: 'GET', path: '/api/stats' });
    expect(JSON.parse(stats.body.toString()).withAvatar).toBe(1);
  });

  it('runs the hourly report on a timer event', async () => {
    const event = { trigger: ServerlessTriggerType.TIMER, source: 'test', data: { time: '2026-01-01T00:00:00Z', payload: 'hourly' } };
    expect(await app.invoke('reportFunction-hourly', event)).toEqual({ kind: 'hourly', users: 1, at: '2026-01-01T00:00:00Z' });
  });

  it('calls the report handler directly, as Midway tests do, through its function\'s event chain', async () => {
    const report = await app.getServerlessInstance(ReportFunction);
    const event = { trigger: ServerlessTriggerType.TIMER, source: 'test', data: { time: '2026-01-02T00:00:00Z', payload: 'hourly' } };
    expect(await report.hourly(event)).toEqual({ kind: 'hourly', users: 1, at: '2026-01-02T00:00:00Z' });
  });

  it('runs the stats function from an AWS API Gateway v2 event', async () => {
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/api/stats',
      rawQueryString: '',
      headers: { host: 'example.execute-api.us-east-1.amazonaws.com' },
      requestContext: { http: { method: 'GET', path: '/api/stats', sourceIp: '203.0.113.1' }, requestId: 'r-1', stage: '$default' },
      isBase64Encoded: false,
    };
    const result = await app.invoke('stats', event, { platform: 'aws' });
    expect(result).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(result.body)).toMatchObject({ users: 1 });
  });
});
