import { describe, expect, it } from 'vitest';
import { alive, eventually, getJson, useHost } from './helpers.js';

// useHost also checks that no instance outlives the host.
const host = useHost('host-scaling', '--idle-timeout', '1s', '--queue-size', '1');

describe('wick host: instances and scaling', () => {
  it('cold-starts the first request and serves the second warm on the same instance', async () => {
    expect((await host.fn('hello')).instances).toEqual([]);
    const first = await getJson(`${host.url}/hello`);
    const second = await getJson(`${host.url}/hello`);
    expect(first.status).toBe(200);
    expect(second.body.pid).toBe(first.body.pid);
    const status = await host.fn('hello');
    expect(status).toMatchObject({ coldStarts: 1, warmStarts: 1, errors: 0 });
    expect(status.instances).toHaveLength(1);
    expect(status.instances[0]).toMatchObject({ pid: first.body.pid, state: 'idle', inFlight: 0, invocations: 2 });
    expect(status.p50Ms).toBeGreaterThan(0);
    await host.waitFor(/REPORT RequestId: \S+\tFunction: hello\tCold: yes\tInit Duration: [\d.]+ ms\tDuration: [\d.]+ ms/);
    await host.waitFor(/REPORT RequestId: \S+\tFunction: hello\tCold: no\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tStatus: ok/);
  });

  it('scales out to one instance per concurrent request when concurrency is 1', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => getJson(`${host.url}/slow?ms=400`)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body.pid)).size).toBe(5);
    const status = await host.fn('slow');
    expect(status.coldStarts).toBe(5);
    expect(status.instances.map((instance) => instance.pid).sort()).toEqual(answers.map((answer) => answer.body.pid).sort());
  });

  it('runs several requests at once on one instance up to its concurrency', async () => {
    const answers = await Promise.all(Array.from({ length: 3 }, () => getJson(`${host.url}/shared?ms=300`)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body.pid)).size).toBe(1);
    expect((await host.fn('shared')).instances).toHaveLength(1);
  });

  it('queues requests past maxInstances and throttles with 429 past the queue bound', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => getJson(`${host.url}/limited?ms=500`)));
    const statuses = answers.map((answer) => answer.status).sort();
    // 2 instances run, 1 request waits in the queue (--queue-size 1) and runs next, 2 are throttled.
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const throttled = answers.find((answer) => answer.status === 429)!;
    expect(throttled.body.error).toMatchObject({ status: 429, requestId: expect.any(String) });
    expect(throttled.headers.get('x-request-id')).toBe(throttled.body.error.requestId);
    expect(new Set(answers.filter((answer) => answer.status === 200).map((answer) => answer.body.pid)).size).toBe(2);
    const status = await host.fn('limited');
    expect(status).toMatchObject({ throttles: 2, coldStarts: 2, warmStarts: 1, queued: 0 });
    expect(status.instances.length).toBeLessThanOrEqual(2);
  });

  it('scales an idle function to zero processes after the idle timeout, then cold-starts again', async () => {
    const { body } = await getJson(`${host.url}/hello`);
    const before = await host.fn('hello');
    await eventually(async () => (await host.fn('hello')).instances.length === 0, 5000, 'hello to scale to zero');
    await eventually(() => !alive(body.pid), 3000, `process ${body.pid} to exit`);
    for (const fn of ['slow', 'shared', 'limited']) await eventually(async () => (await host.fn(fn)).instances.length === 0, 5000, `${fn} to scale to zero`);
    const again = await getJson(`${host.url}/hello`);
    expect(again.body.pid).not.toBe(body.pid);
    expect((await host.fn('hello')).coldStarts).toBe(before.coldStarts + 1);
    expect(host.output()).toContain(`[hello] instance ${body.pid} idle for 1000 ms: stopping`);
  });

  it('keeps minInstances warm through idle timeouts and serves from it without a cold start', async () => {
    const booted = await eventually(async () => {
      const status = await host.fn('warm');
      return status.instances.length === 1 && status.instances[0].state === 'idle' ? status.instances[0] : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past the 1 s idle timeout
    const { body } = await getJson(`${host.url}/warm`);
    expect(body.pid).toBe(booted.pid);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const status = await host.fn('warm');
    expect(status).toMatchObject({ coldStarts: 0, warmStarts: 1 });
    expect(status.instances.map((instance) => instance.pid)).toEqual([booted.pid]);
    expect(alive(booted.pid!)).toBe(true);
  });
});
