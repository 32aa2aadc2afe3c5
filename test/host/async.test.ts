import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, eventually, invoke, startHost, useHost, type HostProcess } from './helpers.js';

const host = useHost('host-async', '--retry-delay', '200ms');
/** Hosts a test starts on the same build besides `host`; stopped after the file if a test did not. */
const hosts: HostProcess[] = [];

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const queued = () => readdirSync(join(host.out, 'host-queue')).filter((name) => name.endsWith('.json'));
const deadLetters = () => lines(join(host.out, 'dlq', 'flaky.jsonl')).map((line) => JSON.parse(line));

async function started(...args: string[]): Promise<HostProcess> {
  const running = await startHost(host.out, ...args);
  hosts.push(running);
  return running;
}

afterAll(async () => {
  for (const running of hosts) await running.stop();
});

describe('wick host: async invocations', () => {
  it('retries an event that keeps failing twice, then appends it to the DLQ with its event and error', async () => {
    const id = randomUUID();
    const marker = join(host.out, `${id}.marker`);
    const event = { marker, id, failures: 5 };
    const accepted = await invoke(host.url, 'flaky', event, 'Event');
    expect(accepted.status).toBe(202);
    const requestId = accepted.headers.get('x-amzn-requestid');
    const letter = await eventually(() => deadLetters().find((entry) => entry.event.id === id), 10_000, 'the DLQ line');
    expect(letter).toMatchObject({ event, attempts: 3, requestId, error: { errorType: 'Error', errorMessage: `attempt 3 of ${id} fails` } });
    expect(new Date(letter.time).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(lines(marker)).toEqual([id, id, id]);
    expect(queued()).toEqual([]);
    expect(host.output()).toMatch(/async attempt 1 of 3 failed .*retrying in 200 ms/);
    expect(host.output()).toMatch(/async attempt 2 of 3 failed .*retrying in 400 ms/);
  });

  it('does not dead-letter an event that succeeds on a retry', async () => {
    const id = randomUUID();
    const marker = join(host.out, `${id}.marker`);
    expect((await invoke(host.url, 'flaky', { marker, id, failures: 1 }, 'Event')).status).toBe(202);
    await eventually(() => lines(marker).length === 2 && queued().length === 0, 10_000, 'the retry to succeed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines(marker)).toEqual([id, id]);
    expect(deadLetters().some((entry) => entry.event.id === id)).toBe(false);
  });

  it('keeps queued events across a SIGKILL of the host and runs them after a restart, leaving no orphan instances', async () => {
    const victim = await started('--retry-delay', '200ms');
    const marker = join(host.out, `restart-${randomUUID()}.marker`);
    const ids = Array.from({ length: 4 }, (_, index) => `job-${index}`);
    // worker has maxInstances 1: four 400 ms events take over a second and a half, one at a time.
    for (const id of ids) expect((await invoke(victim.url, 'worker', { marker, id, ms: 400 }, 'Event')).status).toBe(202);
    const busy = await eventually(async () => (await victim.fn('worker')).instances.find((instance) => instance.state === 'busy'), 5000, 'a busy worker');
    victim.child.kill('SIGKILL');
    await victim.exited;
    expect(queued().length).toBeGreaterThanOrEqual(ids.length - 1);
    // The instance notices its host is gone and exits on its own.
    await eventually(() => !alive(busy.pid!), 5000, `orphaned instance ${busy.pid} to exit`);

    const restarted = await started('--retry-delay', '200ms');
    await restarted.waitFor(/queued async event\(s\) from a previous run/);
    await eventually(() => ids.every((id) => lines(marker).includes(id)) && queued().length === 0, 10_000, 'every queued event to run after the restart');
    await restarted.stop();
  });
});
