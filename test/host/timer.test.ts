import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, eventually, removeDir, startHost, type HostProcess } from './helpers.js';

let out: string;
let host: HostProcess;

beforeAll(async () => {
  out = buildFixture('host-timer');
  host = await startHost(out);
}, 60_000);

afterAll(async () => {
  await host?.stop();
  removeDir(out);
});

const ticks = () => host.output().match(/\[ticker\] \[[0-9a-f-]+\] ticker fired: .*/g) ?? [];

describe('wick host: timers', () => {
  it("fires an every: '1s' timer about once a second, each time as an EventBridge scheduled event", async () => {
    const first = await eventually(() => ticks().length >= 1 && Date.now(), 5000, 'the first tick');
    const second = await eventually(() => ticks().length >= 2 && Date.now(), 3000, 'the second tick');
    expect(second - first).toBeGreaterThan(500);
    expect(second - first).toBeLessThan(1800);
    const [one, two] = ticks() as [string, string];
    expect(one).toMatch(/payload=tick source=aws:events rule=ticker requestId=[0-9a-f-]{36}$/);
    expect(one.split('requestId=')[1]).not.toBe(two.split('requestId=')[1]);
    const status = await host.fn('ticker');
    expect(status.coldStarts + status.warmStarts).toBeGreaterThanOrEqual(2);
    expect(status.errors).toBe(0);
  });
});
