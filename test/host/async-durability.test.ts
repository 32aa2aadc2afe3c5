import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { alive, buildFixture, eventually, invoke, killHost, removeDir, useScratchBuilds, type HostProcess } from './helpers.js';

/** A tiny tmpfs, where the machine lets this process mount one (root, mount allowed): a real full disk. */
function tmpfsMountable(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'wick-tmpfs-probe-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return mounted;
}

const scratch = useScratchBuilds('host-durability', '--retry-delay', '100ms');
const freshBuild = scratch.fresh;
/** The host the test started last: the one `send` talks to. */
let latest: HostProcess;
const otherBuilds: string[] = [];
afterAll(() => otherBuilds.splice(0).forEach(removeDir));

async function host(dir: string, ...args: string[]): Promise<HostProcess> {
  latest = await scratch.host(dir, ...args);
  return latest;
}

interface Run {
  id: string;
  requestId: string;
  attempt: number | null;
}

const runs = (marker: string): Run[] => (existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);
const deadLetters = (dir: string) =>
  existsSync(join(dir, 'dlq', 'record.jsonl')) ? readFileSync(join(dir, 'dlq', 'record.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
const queueFiles = (dir: string) => readdirSync(join(dir, 'host-queue')).filter((name) => name.endsWith('.json'));
const mode = (path: string) => statSync(path).mode & 0o777;

/** Sends one `Event` invocation of `record`; returns its request id and the marker its runs write to. */
async function send(dir: string, job: Record<string, unknown> = {}): Promise<{ requestId: string; marker: string; id: string }> {
  const id = randomUUID();
  const marker = join(dir, `${id}.marker`);
  const accepted = await invoke(latest.url, 'record', { marker, id, ...job }, 'Event');
  expect(accepted.status).toBe(202);
  return { requestId: accepted.headers.get('x-amzn-requestid')!, marker, id };
}

describe('wick host: an async event survives a disk that refuses writes', () => {
  it('keeps an out-of-attempts event when a file stands where dlq/ should be: the host lives, no restart runs it again, the line is written once it can be', async () => {
    const dir = freshBuild();
    writeFileSync(join(dir, 'dlq'), 'not a folder');
    let running = await host(dir);
    const { requestId, marker } = await send(dir, { failures: 99 });
    const status = await eventually(async () => {
      const { asyncQueue } = await running.status();
      return asyncQueue?.deadLettersWaiting === 1 && asyncQueue;
    }, 10_000, 'the dead letter to wait in memory');
    expect(status.writeError?.message).toMatch(/EEXIST|ENOTDIR/);
    expect(running.output()).toContain('[host] async queue: the disk refused a write');
    const printed = spawnSync(process.execPath, [CLI, 'host', 'status', '--url', running.url], { encoding: 'utf8' });
    expect(printed.stdout).toMatch(/^async queue: the disk refuses writes \((EEXIST|ENOTDIR).*: \d+ event\(s\) held in memory, 1 dead letter\(s\) waiting; next try in \d+ ms$/m);
    // The write is retried with backoff (100 ms, doubling) while the host keeps running.
    await eventually(async () => ((await running.status()).asyncQueue.writeError?.retryInMs ?? 0) >= 400, 5000, 'two refused retries');
    expect(runs(marker).map((run) => run.attempt)).toEqual([1, 2, 3]);
    expect(queueFiles(dir)).toHaveLength(1);

    // A SIGKILL and a restart: the event had its attempts, so it waits for its line and never runs again.
    await killHost(running);
    running = await host(dir);
    expect(await running.waitFor(/1 queued async event\(s\) from a previous run/)).toBeTruthy();
    expect((await running.status()).asyncQueue).toMatchObject({ pending: 0, deadLettersWaiting: 1 });
    expect(runs(marker)).toHaveLength(3);

    rmSync(join(dir, 'dlq'));
    const [letter] = await eventually(() => deadLetters(dir).length > 0 && deadLetters(dir), 15_000, 'the dead-letter line');
    expect(letter).toMatchObject({ requestId, attempts: 3, condition: 'RetriesExhausted', error: { errorType: 'Error', errorMessage: expect.stringMatching(/^run 3 of /) } });
    expect(deadLetters(dir)).toHaveLength(1);
    expect(queueFiles(dir)).toEqual([]);
    expect((await running.status()).asyncQueue.writeError).toBeUndefined();
    expect(runs(marker)).toHaveLength(3);
    expect(running.child.exitCode).toBeNull();
  });

  it('keeps retrying a queue folder it cannot write (a file in its place) without exiting, holds the next attempt until it is recorded, and resumes when the folder is back', async () => {
    const dir = freshBuild();
    const running = await host(dir);
    const { requestId, marker } = await send(dir, { failures: 99, slowRun: 1, slowMs: 1500 });
    await eventually(() => runs(marker).length === 1, 10_000, 'the first run');
    // While the first attempt runs, the queue folder becomes a file: saving its retry state fails with ENOTDIR.
    renameSync(join(dir, 'host-queue'), join(dir, 'host-queue.aside'));
    writeFileSync(join(dir, 'host-queue'), '');
    const status = await eventually(async () => {
      const { asyncQueue } = await running.status();
      return (asyncQueue?.writeError?.retryInMs ?? 0) >= 400 && asyncQueue;
    }, 10_000, 'refused writes being retried');
    expect(status).toMatchObject({ pending: 1, unsaved: 1 });
    expect(status.writeError!.message).toMatch(/ENOTDIR|EEXIST/);
    // The retry is due (100 ms), but its attempt could not be recorded: it has not run.
    expect(runs(marker)).toHaveLength(1);

    rmSync(join(dir, 'host-queue'));
    renameSync(join(dir, 'host-queue.aside'), join(dir, 'host-queue'));
    await eventually(() => deadLetters(dir).length === 1, 15_000, 'the event to run out of attempts');
    expect(runs(marker).map(({ attempt, requestId: seen }) => [attempt, seen])).toEqual([[1, requestId], [2, requestId], [3, requestId]]);
    expect(queueFiles(dir)).toEqual([]);
    expect(running.output()).toContain('nothing waits on the disk any more');
  });

  it.skipIf(!tmpfsMountable())('keeps an event whose retry state cannot be saved on a full disk (ENOSPC, a 64 KB tmpfs) and gives it exactly its three runs once space is back', async () => {
    const dir = freshBuild();
    const queueDir = join(dir, 'host-queue');
    mkdirSync(queueDir);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', queueDir]).status).toBe(0);
    try {
      const running = await host(dir);
      const { marker } = await send(dir, { failures: 99, slowRun: 1, slowMs: 1500 });
      await eventually(() => runs(marker).length === 1, 10_000, 'the first run');
      const filler = join(queueDir, 'filler');
      try {
        for (;;) writeFileSync(filler, Buffer.alloc(4096), { flag: 'a' });
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      const status = await eventually(async () => (await running.status()).asyncQueue?.writeError, 10_000, 'the refused write');
      expect(status.message).toMatch(/ENOSPC/);
      expect(running.child.exitCode).toBeNull();
      expect(runs(marker)).toHaveLength(1);

      rmSync(filler);
      await eventually(() => deadLetters(dir).length === 1, 15_000, 'the event to run out of attempts');
      expect(runs(marker).map((run) => run.attempt)).toEqual([1, 2, 3]);
      await running.stop();
    } finally {
      spawnSync('umount', [queueDir]);
    }
  });

  it('never gives an event a fourth run: a host killed during the last attempt dead-letters it at the next boot', async () => {
    const dir = freshBuild();
    let running = await host(dir);
    const { requestId, marker } = await send(dir, { failures: 99, slowRun: 3, slowMs: 20_000 });
    await eventually(() => runs(marker).length === 3, 10_000, 'the third run');
    const busy = (await running.fn('record')).instances.find((instance) => instance.state === 'busy');
    await killHost(running);
    if (busy?.pid) await eventually(() => !alive(busy.pid!), 5000, 'the orphaned instance to exit');

    running = await host(dir);
    const [letter] = await eventually(() => deadLetters(dir).length > 0 && deadLetters(dir), 5000, 'the dead-letter line');
    expect(letter).toMatchObject({ requestId, attempts: 3, condition: 'RetriesExhausted', error: { errorType: 'Wick.AttemptInterrupted' } });
    expect(queueFiles(dir)).toEqual([]);
    expect((await running.status()).asyncQueue.pending).toBe(0);
    expect(runs(marker)).toHaveLength(3);
  });
});

describe('wick host: an attempt cut by a shutdown counts', () => {
  it('dead-letters at the next boot an event whose last attempt a SIGTERM cut at the drain deadline, instead of running it a fourth time', async () => {
    const dir = freshBuild();
    let running = await host(dir, '--drain-timeout', '300ms');
    const { requestId, marker } = await send(dir, { failures: 99, slowRun: 3, slowMs: 20_000 });
    await eventually(() => runs(marker).length === 3, 10_000, 'the third run');
    expect(await running.stop()).toBe(0);

    running = await host(dir);
    const [letter] = await eventually(() => deadLetters(dir).length > 0 && deadLetters(dir), 5000, 'the dead-letter line');
    expect(letter).toMatchObject({ requestId, attempts: 3, error: { errorType: 'Wick.AttemptInterrupted' } });
    expect(runs(marker)).toHaveLength(3);
  });
});

describe('wick host: what an async handler is told to deduplicate', () => {
  it('gives every attempt of one event its request id and the attempt 1, 2, 3; a synchronous invocation has no attempt', async () => {
    const dir = freshBuild();
    const running = await host(dir);
    const { requestId, marker } = await send(dir, { failures: 2 });
    await eventually(() => runs(marker).length === 3 && queueFiles(dir).length === 0, 10_000, 'the third run to succeed');
    expect(runs(marker).map(({ attempt, requestId: seen }) => [attempt, seen])).toEqual([[1, requestId], [2, requestId], [3, requestId]]);

    const syncMarker = join(dir, 'sync.marker');
    const answer = await invoke(running.url, 'record', { marker: syncMarker, id: 'sync' });
    expect(answer.status).toBe(200);
    expect(runs(syncMarker)).toEqual([{ id: 'sync', requestId: answer.headers.get('x-amzn-requestid'), attempt: null }]);
  });

  it("does not let a synchronous caller's client context claim an attempt", async () => {
    const dir = freshBuild();
    const running = await host(dir);
    const marker = join(dir, 'claimed.marker');
    const claim = Buffer.from(JSON.stringify({ custom: { 'wick-attempt': 3, mine: 'kept' } })).toString('base64');
    const res = await fetch(`${running.url}/2015-03-31/functions/record/invocations`, {
      method: 'POST',
      headers: { 'x-amz-client-context': claim },
      body: JSON.stringify({ marker, id: 'claimed' }),
    });
    expect(res.status).toBe(200);
    expect(runs(marker)).toEqual([{ id: 'claimed', requestId: res.headers.get('x-amzn-requestid'), attempt: null }]);
  });

  it('keeps the request id across a host restart and counts the attempt cut short by it', async () => {
    const dir = freshBuild();
    let running = await host(dir);
    const { requestId, marker } = await send(dir, { slowRun: 1, slowMs: 20_000 });
    await eventually(() => runs(marker).length === 1, 10_000, 'the first run');
    await killHost(running);
    running = await host(dir);
    await eventually(() => runs(marker).length === 2 && queueFiles(dir).length === 0, 10_000, 'the retry after the restart');
    expect(runs(marker).map(({ attempt, requestId: seen }) => [attempt, seen])).toEqual([[1, requestId], [2, requestId]]);
    expect(deadLetters(dir)).toEqual([]);
  });
});

describe('wick host: queue and dead-letter files are readable by their owner only', () => {
  it('creates them 0600 in 0700 folders, and at boot fixes those a previous run left readable by others', async () => {
    const dir = freshBuild();
    const queueDir = join(dir, 'host-queue');
    const dlqDir = join(dir, 'dlq');
    mkdirSync(queueDir, { mode: 0o755 });
    mkdirSync(dlqDir, { mode: 0o755 });
    chmodSync(queueDir, 0o755);
    chmodSync(dlqDir, 0o755);
    // An older host's files: a version 1 record (no version field) waiting, and a dead-letter file.
    const old = join(queueDir, 'old-1.json');
    const oldMarker = join(dir, 'old.marker');
    const v1 = { id: 'old-1', requestId: randomUUID(), functionName: 'record', event: { marker: oldMarker, id: 'old', slowRun: 1, slowMs: 1500 }, attempts: 0, enqueuedAt: new Date().toISOString(), nextAttemptAt: Date.now() };
    writeFileSync(old, JSON.stringify(v1), { mode: 0o644 });
    writeFileSync(join(dlqDir, 'other.jsonl'), '{}\n', { mode: 0o644 });
    chmodSync(old, 0o644);
    chmodSync(join(dlqDir, 'other.jsonl'), 0o644);

    const running = await host(dir);
    expect([mode(queueDir), mode(dlqDir), mode(join(dlqDir, 'other.jsonl'))]).toEqual([0o700, 0o700, 0o600]);
    // The old record runs, as the attempt its file records (0 started: this is the first).
    await eventually(() => runs(oldMarker).length === 1, 10_000, 'the old event to run');
    expect(runs(oldMarker)[0]).toMatchObject({ requestId: v1.requestId, attempt: 1 });
    expect(mode(old)).toBe(0o600);

    rmSync(dlqDir, { recursive: true });
    const { marker } = await send(dir, { failures: 99, slowRun: 1, slowMs: 1500 });
    await eventually(() => runs(marker).length === 1, 10_000, 'the new event to run');
    for (const name of queueFiles(dir)) expect(mode(join(queueDir, name)), name).toBe(0o600);
    await eventually(() => deadLetters(dir).length === 1, 15_000, 'its dead-letter line');
    expect([mode(dlqDir), mode(join(dlqDir, 'record.jsonl'))]).toEqual([0o700, 0o600]);
    expect(running.child.exitCode).toBeNull();
  });
});

describe('wick host: timers under the same rules', () => {
  it('runs timer ticks from memory while the queue folder cannot be made (a file in its place), and the host stays up', async () => {
    const dir = buildFixture('host-timer');
    otherBuilds.push(dir);
    writeFileSync(join(dir, 'host-queue'), 'not a folder');
    const running = await host(dir);
    expect(running.output()).toContain('[host] async queue: cannot use');
    await eventually(() => (running.output().match(/ticker fired: payload=tick/g) ?? []).length >= 2, 8000, 'two ticks');
    expect(running.output()).toContain('[host] async queue: the disk refused a write');
    expect((await running.status()).functions.ticker.errors).toBe(0);
    expect(running.child.exitCode).toBeNull();
  });
});
