import { describe, expect, it } from 'vitest';
import { alive, eventually, invoke, useHost } from './helpers.js';

const host = useHost('host-guard');

/** The REPORT line the host printed for one request, once it is there. */
async function report(requestId: string): Promise<string> {
  const [line] = await host.waitFor(new RegExp(`REPORT RequestId: ${requestId}\\t.*`));
  return line;
}

const maxMemoryUsed = (line: string) => Number(/Max Memory Used: (\d+) MB/.exec(line)![1]);

describe('wick host: memorySize limits the resident memory of an instance, as a platform does', () => {
  it('stops an instance whose RSS passes its memorySize (Buffers, outside the V8 heap) and answers as Lambda does when out of memory', async () => {
    const warm = await invoke(host.url, 'buffers', { mb: 0 });
    expect(warm.status).toBe(200);
    const hog = await invoke(host.url, 'buffers', { mb: 1024 });
    expect(hog.status).toBe(200);
    expect(hog.headers.get('x-amz-function-error')).toBe('Unhandled');
    const requestId = hog.headers.get('x-amzn-requestid')!;
    expect(hog.body).toEqual({ errorType: 'Runtime.OutOfMemory', errorMessage: expect.stringMatching(new RegExp(`^RequestId: ${requestId} Error: Runtime exited with error: signal: killed`)) });
    const line = await report(requestId);
    expect(line).toMatch(/Memory Size: 128 MB\tMax Memory Used: \d+ MB\tStatus: error\tError Type: Runtime\.OutOfMemory/);
    expect(maxMemoryUsed(line)).toBeGreaterThan(128);
    await eventually(() => !alive(warm.body.pid), 3000, 'the instance out of memory to be gone');
    const next = await invoke(host.url, 'buffers', { mb: 1 });
    expect(next).toMatchObject({ status: 200, body: { held: 1 } });
    expect(next.body.pid).not.toBe(warm.body.pid);
  });

  it('lets a function hold Buffers under its memorySize, and reports their peak in Max Memory Used', async () => {
    const held = await invoke(host.url, 'buffers', { mb: 40 });
    expect(held).toMatchObject({ status: 200, body: { held: 40 } });
    const line = await report(held.headers.get('x-amzn-requestid')!);
    expect(line).toMatch(/Status: ok/);
    expect(maxMemoryUsed(line)).toBeGreaterThan(40);
    expect(maxMemoryUsed(line)).toBeLessThanOrEqual(128);
  });

  it('stops an instance whose init passes its memorySize, and fails the request that waited for it with Runtime.OutOfMemory', async () => {
    const result = await invoke(host.url, 'fatInit', {});
    expect(result.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(result.body).toEqual({ errorType: 'Runtime.OutOfMemory', errorMessage: expect.stringMatching(/Runtime exited with error: signal: killed \(out of memory: memorySize is 128 MB\)$/) });
    expect((await host.fn('fatInit')).instances).toEqual([]);
  });

  it('never stops an ordinary function under the default memorySize (128 MB)', async () => {
    const first = await invoke(host.url, 'whoami', {});
    for (let i = 0; i < 30; i++) expect(await invoke(host.url, 'whoami', { i })).toMatchObject({ status: 200, body: { pid: first.body.pid } });
    const fn = await host.fn('whoami');
    expect(fn.settings.memorySize).toBe(128);
    expect(fn.instances).toEqual([expect.objectContaining({ pid: first.body.pid, maxMemoryUsedMb: expect.any(Number) })]);
    expect(fn.instances[0].maxMemoryUsedMb).toBeLessThan(128);
  });
});
