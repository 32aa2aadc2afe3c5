import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionArn } from '../../runtime-host/protocol.js';
import { eventually, invoke, killHost, useScratchBuilds, type HostProcess } from './helpers.js';

const { fresh: freshBuild, host } = useScratchBuilds('host-destinations', '--retry-delay', '100ms');

const lines = (file: string): any[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);
const queueFiles = (dir: string) => readdirSync(join(dir, 'host-queue')).filter((name) => name.endsWith('.json'));
const okSink = (dir: string) => join(dir, 'destinations', 'results', 'ok.jsonl');
const failedSink = (dir: string) => join(dir, 'destinations', 'results', 'failed.jsonl');

/** One `Event` invocation of `fn`; returns its request id, its job and the marker its runs write to. */
async function send(running: HostProcess, dir: string, fn: string, job: Record<string, unknown> = {}) {
  const id = randomUUID();
  const marker = join(dir, `${id}.marker`);
  const payload = { marker, id, ...job };
  const accepted = await invoke(running.url, fn, payload, 'Event');
  expect(accepted.status).toBe(202);
  return { requestId: accepted.headers.get('x-amzn-requestid')!, marker, payload };
}

describe('wick host: async destinations', () => {
  it("appends the success record to the declared file sink, in Lambda's invocation record shape, and removes the event", async () => {
    const dir = freshBuild();
    const running = await host(dir);
    const { requestId, marker, payload } = await send(running, dir, 'work');
    const [record] = await eventually(() => lines(okSink(dir)).length > 0 && lines(okSink(dir)), 10_000, 'the success record');
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      requestContext: { requestId, functionArn: `${functionArn('work')}:$LATEST`, condition: 'Success', approximateInvokeCount: 1 },
      requestPayload: payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: { id: payload.id, run: 1 },
    });
    expect(statSync(okSink(dir)).mode & 0o777).toBe(0o600);
    expect(lines(marker)).toHaveLength(1);
    await eventually(() => queueFiles(dir).length === 0, 5000, 'the event file to go');
    expect(lines(failedSink(dir))).toEqual([]);
  });

  it('appends the failure record after the third failed attempt, beside the dead-letter line', async () => {
    const dir = freshBuild();
    const running = await host(dir);
    const { requestId, marker, payload } = await send(running, dir, 'work', { failures: 99 });
    const [record] = await eventually(() => lines(failedSink(dir)).length > 0 && lines(failedSink(dir)), 10_000, 'the failure record');
    expect(lines(marker).map((run) => run.attempt)).toEqual([1, 2, 3]);
    expect(record).toMatchObject({
      requestContext: { requestId, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: `run 3 of ${payload.id} fails` },
    });
    expect(lines(join(dir, 'dlq', 'work.jsonl'))).toMatchObject([{ requestId, attempts: 3, condition: 'RetriesExhausted' }]);
    expect(lines(okSink(dir))).toEqual([]);
    await eventually(() => queueFiles(dir).length === 0, 5000, 'the event file to go');
  });

  it('invokes a function destination with the record as its async event, and sends a failure record to a queue', async () => {
    const dir = freshBuild();
    const running = await host(dir);
    const ok = await send(running, dir, 'relay');
    const failing = await send(running, dir, 'relay', { failures: 99 });
    const [received] = await eventually(() => lines(`${ok.marker}.received`).length > 0 && lines(`${ok.marker}.received`), 10_000, 'the receiver to run');
    expect(received.event).toMatchObject({
      requestContext: { requestId: ok.requestId, functionArn: `${functionArn('relay')}:$LATEST`, condition: 'Success', approximateInvokeCount: 1 },
      requestPayload: ok.payload,
      responsePayload: { id: ok.payload.id, run: 1 },
    });
    // A new async invocation of the receiver: its own request id.
    expect(received.requestId).not.toBe(ok.requestId);
    const queue = join(dir, 'queues', 'relay-failures.jsonl');
    const [message] = await eventually(() => lines(queue).length > 0 && lines(queue), 10_000, 'the failure record on the queue');
    expect(message).toMatchObject({ requestContext: { requestId: failing.requestId, condition: 'RetriesExhausted', approximateInvokeCount: 3 } });
    expect(lines(`${failing.marker}.received`)).toEqual([]);
    await eventually(async () => queueFiles(dir).length === 0 && (await running.status()).asyncQueue.pending === 0, 5000, 'the queue to empty');
    expect(lines(`${ok.marker}.received`)).toHaveLength(1);
  });

  it('keeps a success record its sink refuses, through a SIGKILL, and delivers it once after the restart without running the function again', async () => {
    const dir = freshBuild();
    // A file where the sink folder should be: every append to destinations/ fails.
    writeFileSync(join(dir, 'destinations'), 'not a folder');
    let running = await host(dir);
    const { requestId, marker } = await send(running, dir, 'work');
    const status = await eventually(async () => {
      const { asyncQueue } = await running.status();
      return asyncQueue.deliveriesWaiting === 1 && asyncQueue;
    }, 10_000, 'the record to wait for its sink');
    expect(status.writeError?.message).toMatch(/EEXIST|ENOTDIR/);
    expect(status.pending).toBe(0);
    expect(queueFiles(dir)).toHaveLength(1);
    expect(lines(marker)).toHaveLength(1);

    await killHost(running);
    rmSync(join(dir, 'destinations'));
    running = await host(dir);
    const [record] = await eventually(() => lines(okSink(dir)).length > 0 && lines(okSink(dir)), 10_000, 'the record after the restart');
    expect(record.requestContext).toMatchObject({ requestId, condition: 'Success', approximateInvokeCount: 1 });
    await eventually(() => queueFiles(dir).length === 0, 5000, 'the event file to go');
    expect(lines(okSink(dir))).toHaveLength(1);
    expect(lines(marker)).toHaveLength(1);
    expect((await running.status()).asyncQueue).toMatchObject({ pending: 0, deliveriesWaiting: 0 });
  });

  it('keeps a failure record its sink refuses, through a SIGKILL, and delivers it once after the restart without repeating the dead-letter line', async () => {
    const dir = freshBuild();
    writeFileSync(join(dir, 'destinations'), 'not a folder');
    let running = await host(dir);
    const { requestId, marker } = await send(running, dir, 'work', { failures: 99 });
    await eventually(async () => (await running.status()).asyncQueue.deliveriesWaiting === 1, 10_000, 'the failure record to wait for its sink');
    expect((await running.status()).asyncQueue.deadLettersWaiting).toBe(0);
    expect(lines(join(dir, 'dlq', 'work.jsonl'))).toHaveLength(1);

    await killHost(running);
    rmSync(join(dir, 'destinations'));
    running = await host(dir);
    const [record] = await eventually(() => lines(failedSink(dir)).length > 0 && lines(failedSink(dir)), 10_000, 'the failure record after the restart');
    expect(record.requestContext).toMatchObject({ requestId, condition: 'RetriesExhausted', approximateInvokeCount: 3 });
    await eventually(() => queueFiles(dir).length === 0, 5000, 'the event file to go');
    expect(lines(failedSink(dir))).toHaveLength(1);
    expect(lines(join(dir, 'dlq', 'work.jsonl'))).toHaveLength(1);
    expect(lines(marker)).toHaveLength(3);
  });

  it('delivers the record of an event whose host was SIGKILLed while it ran, once, after its retry', async () => {
    const dir = freshBuild();
    let running = await host(dir);
    const { requestId, marker, payload } = await send(running, dir, 'work', { slowRun: 1, slowMs: 60_000 });
    await eventually(() => lines(marker).length === 1, 10_000, 'the first run to start');
    await killHost(running);
    expect(lines(okSink(dir))).toEqual([]);

    running = await host(dir);
    const [record] = await eventually(() => lines(okSink(dir)).length > 0 && lines(okSink(dir)), 10_000, 'the record after the restart');
    expect(record).toMatchObject({
      requestContext: { requestId, condition: 'Success', approximateInvokeCount: 2 },
      responsePayload: { id: payload.id, run: 2 },
    });
    await eventually(() => queueFiles(dir).length === 0, 5000, 'the event file to go');
    expect(lines(okSink(dir))).toHaveLength(1);
    expect(lines(marker).map((run) => run.attempt)).toEqual([1, 2]);
  });
});
