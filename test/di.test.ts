import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from 'wick';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { fixtureApp } from './helpers/paths.js';

describe('dependency injection', () => {
  let app: Awaited<ReturnType<typeof createApp>>;
  beforeAll(async () => {
    app = await createApp(fixtureApp('di'));
  });
  afterAll(() => close(app));

  it('injects by constructor type, by property type, by id and @Config values', async () => {
    const res = await createHttpRequest(app).get('/di/greet');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ greeting: 'hello ada!', mail: 'smtp:ada', databaseHost: 'test-host' });
  });

  it('gives each request its own request-scoped instance, shared within the request', async () => {
    const first = (await createHttpRequest(app).get('/di/scopes')).body;
    const second = (await createHttpRequest(app).get('/di/scopes')).body;
    expect(first.request).not.toBe(second.request);
    expect(first.sameRequestInstance).toBe(true);
    expect(second.sameRequestInstance).toBe(true);
  });

  it('shares one singleton across requests', async () => {
    const first = (await createHttpRequest(app).get('/di/scopes')).body;
    const second = (await createHttpRequest(app).get('/di/scopes')).body;
    expect(first.singleton).toBe(second.singleton);
  });

  it('creates a new prototype-scoped instance per injection', async () => {
    expect((await createHttpRequest(app).get('/di/scopes')).body.prototypesDiffer).toBe(true);
  });

  it('injects the request context into request-scoped services', async () => {
    const res = await createHttpRequest(app).get('/di/scopes').set('x-request-id', 'trace-42');
    expect(res.body.requestIdFromCtx).toBe('trace-42');
  });

  it('runs @Init at startup, dependencies first, awaiting async ones, then onReady', async () => {
    const res = await createHttpRequest(app).get('/di/journal');
    expect(res.body).toEqual(['init:Database', 'init:Repository(connected=true)', 'onReady:unittest']);
  });
});

describe('configuration', () => {
  it('deep-merges config.default with config.<env> for the env from NODE_ENV (test → unittest)', async () => {
    const app = await createApp(fixtureApp('di'));
    try {
      expect(app.getEnv()).toBe('unittest');
      expect(app.getConfig('db')).toEqual({ host: 'test-host', port: 5432, options: { pool: 5, ssl: true } });
      expect(app.getConfig('fromConfigLoad')).toBe(true);
    } finally {
      await close(app);
    }
  });

  it('takes WICK_ENV over NODE_ENV and maps production to prod', async () => {
    const { currentEnv } = await import('../src/config/load.js');
    expect(currentEnv({ WICK_ENV: 'staging', NODE_ENV: 'production' })).toBe('staging');
    expect(currentEnv({ NODE_ENV: 'production' })).toBe('prod');
    expect(currentEnv({ NODE_ENV: 'test' })).toBe('unittest');
    expect(currentEnv({ NODE_ENV: 'development' })).toBe('local');
    expect(currentEnv({})).toBe('prod');
  });

  it('calls a config file that exports a function with the app info', async () => {
    const app = await createApp(fixtureApp('di'), { env: 'prod' });
    try {
      expect(app.getConfig('db.host')).toBe('prod-host');
      expect(app.getConfig('db.port')).toBe(5432);
    } finally {
      await close(app);
    }
  });

  it('merges option overrides last', async () => {
    const app = await createApp(fixtureApp('di'), { config: { greeting: { text: 'howdy' } } });
    try {
      expect((await createHttpRequest(app).get('/di/greet')).body.greeting).toBe('howdy ada!');
    } finally {
      await close(app);
    }
  });
});

describe('server hooks', () => {
  it('runs onServerReady once the server listens, after onReady', async () => {
    const app = await createApp(fixtureApp('di'), { config: { accessLog: { enable: false } } });
    const { Journal } = await import('./fixtures/apps/di/src/service/journal.js');
    const journal = await app.container.getAsync(Journal);
    expect(journal.entries).not.toContain('onServerReady');
    const running = await startServer(app, { port: 0, host: '127.0.0.1' });
    try {
      expect(journal.entries.slice(-2)).toEqual(['onReady:unittest', 'onServerReady']);
    } finally {
      await running.stop();
    }
  });
});

describe('shutdown hooks', () => {
  it('runs onStop and then @Destroy on close', async () => {
    const app = await createApp(fixtureApp('di'));
    const { Journal } = await import('./fixtures/apps/di/src/service/journal.js');
    const journal = await app.container.getAsync(Journal);
    await close(app);
    expect(journal.entries.slice(-2)).toEqual(['onStop', 'destroy:Database']);
  });
});

describe('components', () => {
  it('registers imported classes, merges their importConfigs under the app config, and runs their hooks first', async () => {
    const app = await createApp(fixtureApp('with-component'));
    try {
      const { MetricsService } = await import('./fixtures/components/metrics/index.js');
      const service = await app.container.getAsync(MetricsService);
      expect(service.name('hits')).toBe('app.hits');
      expect(app.getConfig('metrics')).toEqual({ prefix: 'app', flushMs: 10 });
      expect(service.events).toEqual(['component:onReady', 'app:onReady']);
      expect(app.getConfig('shared')).toEqual({ from: 'folder', level: 'unittest' });
    } finally {
      await close(app);
    }
  });
});

describe('scanning', () => {
  it('finds classes in a nested folder named config, and loads only src/config as config files', async () => {
    const app = await createApp(fixtureApp('di'));
    try {
      const { FeatureFlags } = await import('./fixtures/apps/di/src/service/config/feature-flags.js');
      expect((await app.container.getAsync(FeatureFlags)).beta).toBe(true);
      expect(app.getConfig('beta')).toBeUndefined();
    } finally {
      await close(app);
    }
  });
});
