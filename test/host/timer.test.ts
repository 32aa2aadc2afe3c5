import { describe, expect, it } from 'vitest';
import { eventually, useHost } from './helpers.js';

const host = useHost('host-timer');

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
