import { describe, expect, it } from 'vitest';
import { startServer } from 'wick';
import { createApp } from 'wick/testing';
import { Runs } from './fixtures/apps/timer-attempts/src/timers.js';
import { fixtureApp } from './helpers/paths.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('server mode: the attempt and event id a timer handler sees', () => {
  it('gives each retry of a tick the attempt 1, 2, 3 (ctx.attempt and event.attempt) and the one request id', async () => {
    const app = await createApp(fixtureApp('timer-attempts'), { config: { logger: { level: 'silent' } } });
    const { seen } = await app.container.getAsync(Runs);
    const running = await startServer(app, { port: 0, host: '127.0.0.1', retryDelayMs: 50 });
    try {
      for (let waited = 0; !(seen.length && seen.filter((run) => run.time === seen[0].time).length === 3); waited += 20) {
        if (waited > 5000) throw new Error(`the first tick was not tried three times: ${JSON.stringify(seen)}`);
        await sleep(20);
      }
    } finally {
      await running.stop();
    }
    const tick = seen.filter((run) => run.time === seen[0].time);
    expect(tick.map(({ attempt, eventAttempt }) => [attempt, eventAttempt])).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(new Set(tick.map(({ requestId }) => requestId)).size).toBe(1);
  });
});
