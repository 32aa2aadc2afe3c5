import { afterEach, describe, expect, it } from 'vitest';
import { ServerlessTriggerType, type Framework, type WickApplication } from 'wick';
import {
  close, createApp, createFunctionApp, createHttpRequest, createLightApp, getServerlessInstance, mockClassProperty, mockContext,
  mockHeader, mockProperty, mockSession, restoreAllMocks,
} from 'wick/testing';
import { fixtureApp } from './helpers/paths.js';
import { Greeter } from './fixtures/apps/testing-helpers/src/service/greeter.js';
import { Jobs, Plain } from './fixtures/apps/testing-helpers/src/function/jobs.js';

const appDir = fixtureApp('testing-helpers');

/** Every test boots its own app through the helper it tests; whatever it booted is closed (and its mocks undone) after it. */
let app: WickApplication | undefined;
afterEach(async () => {
  await close(app);
  app = undefined;
});

const get = async (path: string) => (await createHttpRequest(app!).get(path).expect(200)).body;

describe('createApp options', () => {
  it('deep-merges globalConfig (Midway\'s name) over the config files', async () => {
    app = await createApp<Framework>(appDir, { globalConfig: { greeting: { text: 'hi' } } });
    expect(await get('/greet?name=ann')).toEqual({ text: 'hi, ann!' });
  });

  it('keeps config as an alias, with globalConfig merged over it', async () => {
    app = await createApp(appDir, { config: { greeting: { text: 'hey', punctuation: '?' } }, globalConfig: { greeting: { text: 'yo' } } });
    expect(await get('/greet')).toEqual({ text: 'yo, world?' });
  });

  it('takes Midway\'s list of env-keyed globalConfig objects, each merged for the app\'s env', async () => {
    const globalConfig = [{ default: { greeting: { text: 'hi' } }, unittest: { greeting: { punctuation: '?' } } }, { prod: { greeting: { text: 'prod' } } }];
    app = await createApp(appDir, { env: 'unittest', globalConfig });
    expect(await get('/greet')).toEqual({ text: 'hi, world?' });
  });

  it('createLightApp boots the services, config and lifecycle, with nothing listening', async () => {
    app = await createLightApp(appDir, { globalConfig: { greeting: { punctuation: '.' } } });
    const greeter = await app.container.getAsync(Greeter);
    expect(greeter.greet('light')).toBe('hello, light.');
  });
});

describe('context mocks, through real HTTP', () => {
  it('mockContext sets a ctx property on the next requests, as a value, an accessor or through a function', async () => {
    app = await createApp(appDir);
    expect(await get('/whoami')).toMatchObject({ user: null });
    mockContext(app, 'user', 'alice');
    expect(await get('/whoami')).toMatchObject({ user: 'alice' });
    let calls = 0;
    mockContext(app, 'user', { get: () => `bob-${++calls}` });
    expect(await get('/whoami')).toMatchObject({ user: 'bob-1' });
    mockContext(app, (ctx) => {
      ctx.request.headers['x-token'] = 'from-a-function';
    });
    expect(await get('/whoami')).toMatchObject({ user: 'bob-2', token: 'from-a-function' });
  });

  it('mockHeader makes a request carry a header the client never sent', async () => {
    app = await createApp(appDir);
    mockHeader(app, 'X-Token', 'secret');
    expect(await get('/whoami')).toMatchObject({ token: 'secret' });
  });

  it('mockSession puts a value in the built-in cookie session, which is then committed as its cookie', async () => {
    app = await createApp(appDir, { globalConfig: { keys: 'test-secret' } });
    mockSession(app, 'user', 'dave');
    const res = await createHttpRequest(app).get('/whoami').expect(200);
    expect(res.body).toMatchObject({ session: 'dave' });
    expect(String(res.headers['set-cookie'])).toMatch(/MW_SESS=/);
  });

  it('mockSession gives a session-less app a plain ctx.session', async () => {
    app = await createApp(appDir);
    mockSession(app, 'user', 'erin');
    expect(await get('/whoami')).toMatchObject({ session: 'erin' });
  });

  it('restoreAllMocks drops the context mocks', async () => {
    app = await createApp(appDir);
    mockContext(app, 'user', 'alice');
    mockHeader(app, 'x-token', 'secret');
    restoreAllMocks();
    expect(await get('/whoami')).toEqual({ user: null, token: null, session: null });
  });
});

describe('property mocks', () => {
  it('mockProperty replaces an own or inherited property and restoreAllMocks puts back exactly what was there', () => {
    const parent = { inherited: 'parent' };
    const target = Object.assign(Object.create(parent), { own: 'own' });
    mockProperty(target, 'own', 'mocked own');
    mockProperty(target, 'inherited', () => 'mocked method');
    mockProperty(target, 'own', 'mocked twice');
    expect(target.own).toBe('mocked twice');
    expect(target.inherited()).toBe('mocked method');
    restoreAllMocks();
    expect(target.own).toBe('own');
    expect(target.inherited).toBe('parent');
    expect(Object.hasOwn(target, 'inherited')).toBe(false);
  });

  it('mockProperty on a singleton changes what the next requests get from it', async () => {
    app = await createApp(appDir);
    const greeter = await app.container.getAsync(Greeter);
    mockProperty(greeter, 'greeting', { text: 'howdy', punctuation: '!!' });
    expect(await get('/greet?name=gus')).toEqual({ text: 'howdy, gus!!' });
    restoreAllMocks();
    expect(await get('/greet?name=gus')).toEqual({ text: 'hello, gus!' });
  });

  it('mockClassProperty replaces a method for every instance, the singleton made at boot included, until close', async () => {
    app = await createApp(appDir);
    mockClassProperty(Greeter, 'greet', (name: string) => `mocked ${name}`);
    expect(await get('/greet?name=fay')).toEqual({ text: 'mocked fay' });
    await close(app);
    app = await createApp(appDir);
    expect(await get('/greet?name=fay')).toEqual({ text: 'hello, fay!' });
  });
});

describe('getServerlessInstance', () => {
  it('calls an EVENT function through its event chain with the payload, and the given origin context', async () => {
    const functionApp = await createFunctionApp<Framework>(appDir);
    app = functionApp;
    const jobs = await functionApp.getServerlessInstance(Jobs, { region: 'local' });
    expect(await jobs.double({ n: 21 })).toEqual({ doubled: 42, via: 'event-middleware', originContext: { region: 'local' } });
  });

  it('hands a TIMER function the normalized event and an HTTP function a request, as app.invoke does', async () => {
    app = await createApp(appDir);
    const jobs = await getServerlessInstance(app, Jobs);
    const timer = { trigger: ServerlessTriggerType.TIMER, source: 'test', data: { time: '2026-01-01T00:00:00Z', payload: 'daily' } };
    expect(await jobs.daily(timer)).toEqual({ payload: 'daily', time: '2026-01-01T00:00:00Z' });
    // Its type is the class's, whose ping() takes nothing: an HTTP function is handed the request instead.
    const ping = jobs.ping as unknown as (request: unknown) => Promise<{ status: number; body: Buffer }>;
    const pong = await ping({ method: 'GET', path: '/jobs/ping' });
    expect({ status: pong.status, body: pong.body.toString() }).toEqual({ status: 200, body: 'pong' });
  });

  it('has no method for what is not a function, and refuses a class without functions', async () => {
    app = await createApp(appDir);
    expect((await getServerlessInstance(app, Jobs)).helper).toBeUndefined();
    await expect(getServerlessInstance(app, Plain)).rejects.toThrow('Plain has no @ServerlessTrigger method');
  });
});

describe('close', () => {
  it('accepts Midway\'s options and waits the given time after closing', async () => {
    const closing = await createApp(appDir);
    const started = performance.now();
    await close(closing, { sleep: 30, cleanLogsDir: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    await expect(close(undefined)).resolves.toBeUndefined();
  });
});
