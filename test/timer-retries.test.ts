import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type WickApplication } from 'wick';
import { createApp } from 'wick/testing';
import { fixtureApp, scratchCopy } from './helpers/paths.js';
import { runCli, type CliProcess } from './helpers/process.js';
import { Attempts, type Attempt } from './fixtures/apps/timer-retries/src/timers.js';

const APP = fixtureApp('timer-retries');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `found` returns something, or fails after `timeoutMs`. */
async function eventually<T>(found: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

/** The attempts of the first tick of `functionName`. */
function firstTick(seen: Attempt[], functionName: string): Attempt[] {
  const first = seen.find((attempt) => attempt.functionName === functionName);
  return seen.filter((attempt) => first && attempt.triggerName === first.triggerName && attempt.time === first.time);
}

async function serverApp(): Promise<{ app: WickApplication; attempts: Attempts }> {
  const app = await createApp(APP, { config: { logger: { level: 'silent' } } });
  return { app, attempts: await app.container.getAsync(Attempts) };
}

describe('timer retries in server mode', () => {
  it('retries a failed tick with the same event (trigger name, payload, time, request id) until its third attempt succeeds', async () => {
    const { app, attempts } = await serverApp();
    const running = await startServer(app, { port: 0, host: '127.0.0.1', retryDelayMs: 50 });
    try {
      await eventually(() => (firstTick(attempts.seen, 'flaky').length === 3 ? true : undefined));
    } finally {
      await running.stop();
    }
    const tick = firstTick(attempts.seen, 'flaky');
    expect(tick.map(({ attempt, fails }) => [attempt, fails])).toEqual([[1, true], [2, true], [3, false]]);
    expect(new Set(tick.map(({ triggerName, payload, time, requestId }) => JSON.stringify({ triggerName, payload, time, requestId }))).size).toBe(1);
    expect(tick[0]).toMatchObject({ triggerName: 'flaky', payload: 'flaky payload' });
  });

  it('gives a tick that always fails three attempts, then no more', async () => {
    const { app, attempts } = await serverApp();
    const running = await startServer(app, { port: 0, host: '127.0.0.1', retryDelayMs: 50 });
    try {
      await eventually(() => (firstTick(attempts.seen, 'failing').length === 3 ? true : undefined));
      // The third attempt's retry would come 150 ms after it.
      await sleep(400);
    } finally {
      await running.stop();
    }
    expect(firstTick(attempts.seen, 'failing').map(({ attempt }) => attempt)).toEqual([1, 2, 3]);
    expect(Math.max(...attempts.seen.map(({ attempt }) => attempt))).toBe(3);
  });

  it('cancels a pending retry when the server stops', async () => {
    const { app, attempts } = await serverApp();
    const running = await startServer(app, { port: 0, host: '127.0.0.1', retryDelayMs: 300 });
    await eventually(() => attempts.seen.find(({ functionName }) => functionName === 'failing'));
    await running.stop();
    const seenAtStop = attempts.seen.length;
    await sleep(800);
    expect(attempts.seen.length).toBe(seenAtStop);
    expect(attempts.seen.every(({ attempt }) => attempt === 1)).toBe(true);
  });
});

/** The server's JSON log lines. */
function logLines(cli: CliProcess): Record<string, any>[] {
  return cli
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/** What the server logged about `functionName`'s first tick: its attempts and the runner's lines about them. */
function firstTickLog(lines: Record<string, any>[], functionName: string) {
  const first = lines.find((line) => line.message === 'timer attempt' && line.functionName === functionName)!;
  return {
    attempts: lines.filter((line) => line.message === 'timer attempt' && line.triggerName === first.triggerName && line.time === first.time),
    runner: lines.filter((line) => line.function === functionName && line.requestId === first.requestId),
  };
}

describe('--retry-delay', () => {
  const running: CliProcess[] = [];
  const scratch: string[] = [];
  afterEach(async () => {
    for (const { child, exited } of running.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    }
    scratch.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  /** The first tick's attempts and log lines of `failing` and `flaky`, once `failing` has given up on it. */
  async function retriedTicks(cli: CliProcess) {
    await cli.waitFor(/"function":"failing".*timer invocation failed 3 times/, 30_000);
    // The handler's own lines and the runner's may reach stdout in either order: wait for both of each tick.
    await cli.waitFor(/"functionName":"failing".*"attempt":3/);
    await cli.waitFor(/"functionName":"flaky".*"attempt":3/);
    const lines = logLines(cli);
    return { failing: firstTickLog(lines, 'failing'), flaky: firstTickLog(lines, 'flaky') };
  }

  it('sets the delay of wick start: each failed attempt a warning with the wait, the last an error naming the attempts', async () => {
    const cli = runCli(['start', APP, '--build', '--port', '0', '--retry-delay', '100ms'], { WICK_ENV: 'prod' });
    running.push(cli);
    const { failing, flaky } = await retriedTicks(cli);
    expect(failing.attempts.map(({ attempt }) => attempt)).toEqual([1, 2, 3]);
    expect(failing.runner.map(({ level, message, attempt, maxAttempts, trigger }) => ({ level, message, attempt, maxAttempts, trigger }))).toEqual([
      { level: 'warn', message: 'timer invocation attempt 1 of 3 failed; retrying in 100 ms', attempt: 1, maxAttempts: 3, trigger: 'failing' },
      { level: 'warn', message: 'timer invocation attempt 2 of 3 failed; retrying in 200 ms', attempt: 2, maxAttempts: 3, trigger: 'failing' },
      { level: 'error', message: 'timer invocation failed 3 times, giving up (server mode keeps no dead-letter file)', attempt: 3, maxAttempts: 3, trigger: 'failing' },
    ]);
    expect(failing.runner[2].err.message).toBe('failing attempt 3 fails');
    // The third attempt succeeds: two warnings and no error.
    expect(flaky.attempts.map(({ attempt, fails }) => [attempt, fails])).toEqual([[1, true], [2, true], [3, false]]);
    expect(flaky.runner.map(({ level }) => level)).toEqual(['warn', 'warn']);
  });

  it('sets the delay of wick dev too', async () => {
    const dir = scratchCopy(APP);
    scratch.push(dir);
    const cli = runCli(['dev', dir, '--port', '0', '--retry-delay', '100ms'], { WICK_ENV: '', NODE_ENV: '' });
    running.push(cli);
    const { failing } = await retriedTicks(cli);
    expect(failing.runner.map(({ message }) => message)).toEqual([
      'timer invocation attempt 1 of 3 failed; retrying in 100 ms',
      'timer invocation attempt 2 of 3 failed; retrying in 200 ms',
      'timer invocation failed 3 times, giving up (server mode keeps no dead-letter file)',
    ]);
  });

  it('refuses a delay that is not a duration, as wick host does', async () => {
    const cli = runCli(['start', APP, '--retry-delay', 'soon']);
    running.push(cli);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('--retry-delay: invalid duration "soon"');
  });
});
