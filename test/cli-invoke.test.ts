import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, fixtureApp, ROOT } from './helpers/paths.js';

const template = join(ROOT, 'app-template');
const scratch = mkdtempSync(join(tmpdir(), 'wick-invoke-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function wick(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, WICK_ENV: 'local' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('wick invoke', () => {
  beforeAll(() => {
    expect(wick(['routes', template]).code).toBe(0);
  });

  it('runs an HTTP function with a normalized request and prints only JSON on stdout', () => {
    const out = wick(['invoke', 'stats', template, '--no-build', '--data', '{"method":"GET","path":"/api/stats"}']);
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result).toMatchObject({ status: 200, isBase64Encoded: false });
    expect(JSON.parse(result.body)).toEqual({ users: 1, withAvatar: 0 });
    expect(out.stderr).toContain('"message":"app ready"');
  });

  it('runs an event function through a platform adapter with an event file', () => {
    const file = join(scratch, 's3.json');
    const s3 = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventTime: '2026-01-01T00:00:00.000Z',
          eventName: 'ObjectCreated:Put',
          s3: { s3SchemaVersion: '1.0', bucket: { name: 'uploads', arn: 'arn:aws:s3:::uploads' }, object: { key: 'avatars/1/my+face.png', size: 10, eTag: 'abc' } },
        },
      ],
    };
    writeFileSync(file, JSON.stringify(s3));
    const out = wick(['invoke', 'avatarFunction-uploaded', template, '--no-build', '--event', file, '--platform', 'aws']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ updated: [1] });
  });

  it("prints a body as text or base64 by the rule of every platform's result: the response's content type", () => {
    const app = fixtureApp('conformance');
    const printed = (path: string) => JSON.parse(wick(['invoke', 'conformanceController', app, '--data', JSON.stringify({ method: 'GET', path })]).stdout);
    expect(printed('/conf/binary')).toMatchObject({ headers: { 'content-type': 'image/png' }, body: 'iVBORwD//gE=', isBase64Encoded: true });
    expect(printed('/conf/text')).toMatchObject({ body: 'plain text', isBase64Encoded: false });
  });

  it('prints a platform-format HTTP result with --platform', () => {
    const event = JSON.stringify({
      version: '2.0', routeKey: '$default', rawPath: '/api/stats', rawQueryString: '', headers: { host: 'x' },
      requestContext: { http: { method: 'GET', path: '/api/stats', sourceIp: '203.0.113.9' }, requestId: 'r', stage: '$default' }, isBase64Encoded: false,
    });
    const out = wick(['invoke', 'stats', template, '--no-build', '--data', event, '--platform', 'aws']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ statusCode: 200, isBase64Encoded: false });
  });

  it('fails clearly on invalid JSON data', () => {
    const out = wick(['invoke', 'stats', template, '--no-build', '--data', '{oops']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/--data is not valid JSON/);
    expect(out.stdout).toBe('');
  });

  it('fails clearly on an unknown function, listing the known ones', () => {
    const out = wick(['invoke', 'nope', template, '--no-build']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/no function named "nope"; known: .*stats/);
  });

  it('fails clearly on an unknown platform', () => {
    const out = wick(['invoke', 'stats', template, '--no-build', '--platform', 'azure']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("argument 'azure' is invalid. Allowed choices are aws, aliyun, tencent");
  });
});

describe('wick routes', () => {
  it('lists controller routes and every function with its triggers', () => {
    const out = wick(['routes', template, '--no-build']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/GET\s+\/hello\s+HelloController\.hello\s+helloController/);
    expect(out.stdout).toMatch(/DELETE\s+\/users\/:id\s+UserController\.remove/);
    expect(out.stdout).toMatch(/stats\s+StatsFunction\.stats\s+http GET \/api\/stats\s+128 MB\s+3 s/);
    expect(out.stdout).toMatch(/reportFunction-hourly\s+ReportFunction\.hourly\s+timer cron 0 \* \* \* \*/);
    expect(out.stdout).toMatch(/avatarFunction-uploaded\s+AvatarFunction\.uploaded\s+os uploads ObjectCreated:\*/);
  });
});
