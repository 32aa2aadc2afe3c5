import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, ServerlessTriggerType, startServer, type HttpTriggerOptions, type TimerTriggerOptions } from 'wick';
import { close, createApp, createFunctionApp, type FunctionApp } from 'wick/testing';
import { checkHttpTrigger } from '../src/functions/registry.js';
import { checkSettings } from '../src/functions/settings.js';
import { timerTriggers } from '../src/functions/timers.js';
import { fixtureApp } from './helpers/paths.js';
import { Sightings } from './fixtures/apps/functions/src/origins.js';

describe('function declarations', () => {
  let app: FunctionApp;
  beforeAll(async () => {
    app = await createFunctionApp(fixtureApp('functions'), { config: { accessLog: { enable: false } } });
  });
  afterAll(() => close(app));

  it('names a function <classNameCamel>-<method> and applies the defaults', () => {
    const tick = app.functions.get('tasks-tick');
    expect(tick.handlerName).toBe('tick');
    expect(tick.settings).toEqual({ memorySize: 128, timeout: 3, concurrency: 1, minInstances: 0, maxInstances: 10, idleTimeout: 60 });
    expect(DEFAULT_SETTINGS.memorySize).toBe(128);
  });

  it('takes name and settings from @ServerlessFunction and keeps every trigger of a method', () => {
    const report = app.functions.get('report');
    expect(report.settings).toEqual({ memorySize: 512, timeout: 10, concurrency: 4, minInstances: 1, maxInstances: 3, idleTimeout: 30 });
    expect(report.triggers.map((trigger) => trigger.type)).toEqual([ServerlessTriggerType.EVENT, ServerlessTriggerType.TIMER]);
  });

  it('lists the functions of the app', () => {
    expect(app.functions.functions.map((fn) => fn.name).sort()).toEqual(['origin', 'report', 'tasks-echo', 'tasks-tick']);
  });

  it('serves an HTTP function through the same parameter decorators, on each of its triggers', async () => {
    const post = await app.invoke('tasks-echo', { method: 'POST', path: '/tasks/echo', query: { tag: 'a' }, headers: { 'content-type': 'application/json' }, body: '{"x":1}' });
    expect(post.status).toBe(200);
    expect(JSON.parse(post.body.toString())).toEqual({ body: { x: 1 }, tag: 'a' });
    const put = await app.invoke('tasks-echo', { method: 'PUT', path: '/tasks/echo', headers: { 'content-type': 'application/json' }, body: '{"y":2}' });
    expect(JSON.parse(put.body.toString())).toEqual({ body: { y: 2 } });
  });

  it('routes an HTTP function only to its own routes', async () => {
    const res = await app.invoke('tasks-echo', { method: 'GET', path: '/tasks/other' });
    expect(res.status).toBe(404);
  });

  it('runs an event function through event middleware with the event and an injected context', async () => {
    const result = await app.invoke('report', { trigger: ServerlessTriggerType.EVENT, source: 'test', data: {}, requestId: 'evt-1' });
    expect(result).toEqual({ requestId: 'evt-1', seenBy: 'event-middleware', function: 'report', wrapped: true });
  });

  it('wraps a plain payload as a direct invocation', async () => {
    expect(await app.invoke('report', { anything: true })).toMatchObject({ seenBy: 'event-middleware', function: 'report' });
  });

  it('applies guards to event functions', async () => {
    await expect(app.invoke('report', { trigger: ServerlessTriggerType.EVENT, source: 'untrusted', data: {} })).rejects.toThrow('Forbidden');
  });

  it('lets a filter (outside the event middleware) turn an event error into a result, and rethrows what no filter takes', async () => {
    expect(await app.invoke('report', { fail: 'retry' })).toEqual({ retryLater: 'database busy' });
    await expect(app.invoke('report', { fail: 'hard' })).rejects.toThrow('cannot report');
  });

  it('refuses an unknown function with the known names', async () => {
    await expect(app.invoke('nope', {})).rejects.toThrow('no function named "nope"; known: origin, tasks-tick, report, tasks-echo');
    await expect(app.invoke('nope', { method: 'GET', path: '/' })).rejects.toThrow('no function named "nope"');
  });

  it('refuses an event for a function with only HTTP triggers', async () => {
    await expect(app.invoke('tasks-echo', { some: 'event' })).rejects.toThrow('function tasks-echo has only HTTP triggers');
  });
});

describe('what an event handler is handed locally', () => {
  let app: FunctionApp;
  let sightings: Sightings;
  beforeAll(async () => {
    app = await createFunctionApp(fixtureApp('functions'), { config: { accessLog: { enable: false } } });
    sightings = await app.container.getAsync(Sightings);
  });
  afterAll(() => close(app));
  beforeEach(() => {
    sightings.seen.length = 0;
  });

  it('calls an EVENT handler with the payload itself; the context holds the envelope, the input as origin event and an empty origin context', async () => {
    const payload = { orderId: 7 };
    await app.invoke('origin', payload);
    const [sighting] = sightings.seen;
    expect(sighting.argument).toBe(payload);
    expect(sighting.event).toEqual({ trigger: ServerlessTriggerType.EVENT, source: 'wick:invoke', data: payload });
    expect(sighting.originEvent).toBe(payload);
    expect(sighting.originContext).toEqual({});
  });

  it('calls an EVENT handler given as a normalized event with its data, and a TIMER handler with the event, the input being the origin', async () => {
    const direct = { trigger: ServerlessTriggerType.EVENT, source: 'test', data: { orderId: 8 } };
    const timer = { trigger: ServerlessTriggerType.TIMER, source: 'test', data: { time: '2026-01-01T00:00:00Z', payload: 'often' } };
    await app.invoke('origin', direct);
    await app.invoke('origin', timer);
    const [first, second] = sightings.seen;
    expect(first.argument).toBe(direct.data);
    expect(first.originEvent).toBe(direct);
    expect(second.argument).toBe(timer);
    expect(second.event).toBe(timer);
    expect(second.originEvent).toBe(timer);
  });
});

describe('timers in server mode', () => {
  it('fires an every-timer on schedule while the server runs, and stops on close', async () => {
    const app = await createApp(fixtureApp('functions'), { config: { accessLog: { enable: false } } });
    const { Ticks } = await import('./fixtures/apps/functions/src/tasks.js');
    const ticks = await app.container.getAsync(Ticks);
    const running = await startServer(app, { port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => setTimeout(resolve, 450));
    await running.stop();
    const fired = ticks.fired.length;
    expect(fired).toBeGreaterThanOrEqual(2);
    expect(ticks.fired[0]).toBe('wick:timer:fast');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(ticks.fired.length).toBe(fired);
  });

  it('hands a timer handler the timer event it fires, which is also its origin event', async () => {
    const app = await createApp(fixtureApp('functions'), { config: { accessLog: { enable: false } } });
    const sightings = await app.container.getAsync(Sightings);
    const running = await startServer(app, { port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await running.stop();
    const [sighting] = sightings.seen;
    expect(sighting.trigger).toBe(ServerlessTriggerType.TIMER);
    expect(sighting.argument).toMatchObject({ source: 'wick:timer', data: { triggerName: 'origin', payload: 'often' } });
    expect(sighting.originEvent).toBe(sighting.argument);
  });

  it('names the timers of a function as the host names its rules, each tick carrying its own timer\'s payload', async () => {
    const app = await createApp(fixtureApp('two-timers'), { config: { accessLog: { enable: false } } });
    const { Fired } = await import('./fixtures/apps/two-timers/src/timers.js');
    const fired = await app.container.getAsync(Fired);
    const running = await startServer(app, { port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await running.stop();
    const payloads = Object.fromEntries(app.functions.get('twice').triggers.map((trigger, index) => [index === 0 ? 'twice' : `twice-${index + 1}`, (trigger.options as TimerTriggerOptions).payload]));
    const seen = Object.fromEntries(fired.events.map((event) => [event.data.triggerName, event.data.payload]));
    expect(seen).toEqual(payloads);
    expect(Object.keys(seen).sort()).toEqual(['twice', 'twice-2']);
  });

  it('does not fire timers in plain function mode', async () => {
    const app = await createApp(fixtureApp('functions'));
    const { Ticks } = await import('./fixtures/apps/functions/src/tasks.js');
    const ticks = await app.container.getAsync(Ticks);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(ticks.fired).toEqual([]);
    await close(app);
  });
});

describe('function settings', () => {
  const valid = { ...DEFAULT_SETTINGS };
  it.each([
    ['a fraction', { timeout: 2.5 }, 'f: timeout must be a whole number >= 1, got 2.5'],
    ['a string', { memorySize: '256' }, 'f: memorySize must be a whole number >= 1, got "256"'],
    ['a missing value', { idleTimeout: undefined }, 'f: idleTimeout must be a whole number >= 1, got undefined'],
    ['NaN', { concurrency: NaN }, 'f: concurrency must be a whole number >= 1, got null'],
    ['zero instances', { maxInstances: 0 }, 'f: maxInstances must be a whole number >= 1, got 0'],
    ['negative minInstances', { minInstances: -1 }, 'f: minInstances must be a whole number >= 0, got -1'],
    ['memory past 32 GB', { memorySize: 65_536 }, 'f: memorySize must be at most 32768, got 65536'],
    ['a timeout past a day', { timeout: 86_401 }, 'f: timeout must be at most 86400, got 86401'],
    ['more than 1,000 instances', { maxInstances: 1_001 }, 'f: maxInstances must be at most 1000, got 1001'],
    ['minInstances above maxInstances', { minInstances: 3, maxInstances: 2 }, 'f: minInstances (3) exceeds maxInstances (2)'],
  ])('rejects %s', (_case, change, message) => {
    expect(() => checkSettings({ ...valid, ...change }, 'f')).toThrow(message);
  });

  it('passes whole numbers within range through, zero minInstances and the upper bounds included', () => {
    const edge = { memorySize: 32_768, timeout: 86_400, concurrency: 1_000, minInstances: 0, maxInstances: 1_000, idleTimeout: 86_400 };
    expect(checkSettings(edge, 'f')).toEqual(edge);
    expect(checkSettings(valid, 'f')).toEqual(DEFAULT_SETTINGS);
  });
});

describe('HTTP trigger checks', () => {
  it('returns the methods of a trigger whose path starts with /', () => {
    expect(checkHttpTrigger({ path: '/a', method: ['GET', 'post'] as unknown as HttpTriggerOptions['method'] }, 'f')).toEqual(['get', 'post']);
  });

  it.each([
    ['a path without a leading /', { path: 'a' }, 'f: an HTTP trigger needs a path starting with /, got "a"'],
    ['no path', {}, 'f: an HTTP trigger needs a path starting with /, got undefined'],
    ['an unknown method', { path: '/a', method: 'fetch' }, 'f: unknown HTTP method fetch'],
  ])('rejects %s, naming the function', (_case, options, message) => {
    expect(() => checkHttpTrigger(options as HttpTriggerOptions, 'f')).toThrow(message);
  });
});

describe('the timer model', () => {
  const every = (payload: string) => ({ type: ServerlessTriggerType.TIMER, options: { type: 'every', value: '1m', payload } }) as const;
  it('names each timer after its function, numbered from the second on, as the host names its rules', () => {
    const timers = timerTriggers([
      { name: 'a', triggers: [every('one'), { type: ServerlessTriggerType.EVENT, options: {} }, every('two')] },
      { name: 'b', triggers: [every('three')] },
    ]);
    expect(timers.map(({ functionName, triggerName, options }) => [functionName, triggerName, options.payload])).toEqual([
      ['a', 'a', 'one'],
      ['a', 'a-2', 'two'],
      ['b', 'b', 'three'],
    ]);
  });
});

describe('function startup errors', () => {
  it('rejects an invalid cron expression at boot, naming the method', async () => {
    await expect(createApp(fixtureApp('bad-timer'))).rejects.toThrow(/BadTimer\.run: invalid timer trigger: /);
  });

  it('rejects a fractional setting at boot through the one settings validator, naming the method', async () => {
    await expect(createApp(fixtureApp('bad-settings'))).rejects.toThrow('BadSettings.run: timeout must be a whole number >= 1, got 2.5');
  });

  it('rejects two functions with one name', async () => {
    await expect(createApp(fixtureApp('duplicate-function'))).rejects.toThrow('two functions are named same: First and Second');
  });
});
