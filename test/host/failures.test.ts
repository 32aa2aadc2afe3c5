import { describe, expect, it } from 'vitest';
import { alive, eventually, getJson, invoke, useHost } from './helpers.js';

const host = useHost('host-failures');

describe('wick host: timeouts, crashes and init errors over HTTP', () => {
  it('cuts a handler stuck in a loop at its timeout with a 504, kills it, and serves the next request', async () => {
    const started = Date.now();
    const stuck = await getJson(`${host.url}/spin?loop=1`);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(stuck.status).toBe(504);
    expect(stuck.body.error).toMatchObject({ status: 504, message: expect.stringContaining('Task timed out after 1.00 seconds') });
    expect(stuck.headers.get('x-request-id')).toBe(stuck.body.error.requestId);
    await host.waitFor(new RegExp(`REPORT RequestId: ${stuck.body.error.requestId}\\tFunction: spin.*Status: timeout\\tPid: (\\d+)`));
    const [, pid] = host.output().match(new RegExp(`REPORT RequestId: ${stuck.body.error.requestId}.*Pid: (\\d+)`))!;
    await eventually(() => !alive(Number(pid)), 3000, 'the stuck instance to be killed');
    const next = await getJson(`${host.url}/spin`);
    expect(next.status).toBe(200);
    expect(next.body.pid).not.toBe(Number(pid));
    expect(await host.fn('spin')).toMatchObject({ timeouts: 1, instances: [expect.objectContaining({ pid: next.body.pid })] });
  });

  it('fails only the request whose instance calls process.exit (502), while another instance answers', async () => {
    const [exited, fine] = await Promise.all([getJson(`${host.url}/crash?how=exit`), getJson(`${host.url}/crash`)]);
    expect(exited.status).toBe(502);
    expect(exited.body.error).toMatchObject({ status: 502, message: 'function crash crashed: Runtime.ExitError', requestId: expect.any(String) });
    expect(fine.status).toBe(200);
    expect(alive(fine.body.pid)).toBe(true);
    const after = await getJson(`${host.url}/crash`);
    expect(after).toMatchObject({ status: 200, body: { pid: fine.body.pid } });
  });

  it('fails only the request whose instance dies of an uncaught exception (a function error: 500)', async () => {
    const warm = await getJson(`${host.url}/crash`);
    const dead = await getJson(`${host.url}/crash?how=uncaught`);
    expect(dead.status).toBe(500);
    expect(dead.body.error.requestId).toBeTruthy();
    await eventually(() => !alive(warm.body.pid), 3000, 'the crashed instance to be gone');
    expect((await getJson(`${host.url}/crash`)).status).toBe(200);
    expect(host.output()).toContain('Error: nobody catches this');
  });

  it('fails only the request that exhausts its memorySize (502, out of memory) and keeps serving', async () => {
    const [hog, fine] = await Promise.all([getJson(`${host.url}/hog?grow=1`), getJson(`${host.url}/hog`)]);
    expect(hog.status).toBe(502);
    expect(hog.body.error.message).toBe('function hog crashed: Runtime.OutOfMemory');
    expect(fine.status).toBe(200);
    expect((await getJson(`${host.url}/hog`)).status).toBe(200);
    // Whichever comes first: V8's heap limit, or the host's RSS limit (the heap alone passes 128 MB of RSS first, mostly).
    expect(host.output()).toMatch(/\[hog\] \[[0-9a-f-]+\] .*(heap out of memory|out of memory: \d+ MB resident, over its memorySize of 128 MB)/);
  });

  it('reports an init error as a 502 and logs it as an init error', async () => {
    const broken = await getJson(`${host.url}/broken`);
    expect(broken.status).toBe(502);
    expect(broken.body.error).toMatchObject({ status: 502, message: 'function broken failed to initialise: Error' });
    // The init method's own error, not the container's wrapper around it.
    await host.waitFor(/\[broken\] \[init\] init error: Error: cannot reach the database/);
    expect(await host.fn('broken')).toMatchObject({ errors: 1, coldStarts: 1, instances: [] });
  });
});

describe('wick host: the same failures through the Invoke API', () => {
  it('answers a timeout as Unhandled with TimeoutError', async () => {
    const result = await invoke(host.url, 'job', { mode: 'loop' });
    expect(result.status).toBe(200);
    expect(result.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(result.body).toEqual({ errorType: 'TimeoutError', errorMessage: 'Task timed out after 1.00 seconds' });
  });

  it('answers a crash as Unhandled with Runtime.ExitError', async () => {
    const result = await invoke(host.url, 'job', { mode: 'exit' });
    expect(result.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: expect.stringMatching(/Runtime exited with error: exit status 3$/) });
  });

  it('answers a thrown error as Unhandled with its type, message and stack, and the instance lives on', async () => {
    const result = await invoke(host.url, 'job', { mode: 'throw' });
    expect(result.status).toBe(200);
    expect(result.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType: 'RangeError', errorMessage: 'job failed on purpose', trace: expect.arrayContaining([expect.stringContaining('job')]) });
    const ok = await invoke(host.url, 'job', {});
    expect(ok).toMatchObject({ status: 200, body: { done: true } });
    expect(ok.headers.get('x-amz-function-error')).toBeNull();
    const status = await host.fn('job');
    expect(status.instances.map((instance) => instance.pid)).toEqual([ok.body.pid]);
    expect(status).toMatchObject({ timeouts: 1, errors: 2 });
  });

  it('answers an init error as Unhandled with the error type the init reported', async () => {
    const result = await invoke(host.url, 'broken', {});
    expect(result.status).toBe(200);
    expect(result.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType: 'Error', errorMessage: 'cannot reach the database' });
  });
});
