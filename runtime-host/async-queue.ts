import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASYNC_ATTEMPTS, retryDelay } from '../src/functions/async-retries.js';
import { type HostOutput } from './logs.js';
import { type FunctionService } from './function-service.js';
import { type LambdaError } from './protocol.js';

/** A throttled attempt is not an attempt: it is tried again after this, as Lambda keeps throttled events. */
const THROTTLE_RETRY_MS = 250;

/** One queued event as it sits on disk, `<dir>/host-queue/<id>.json`. */
interface QueuedEvent {
  id: string;
  /** The same for every attempt, as Lambda keeps one request id across retries. */
  requestId: string;
  functionName: string;
  event: unknown;
  attempts: number;
  enqueuedAt: string;
  nextAttemptAt: number;
  lastError?: LambdaError;
}

/** One line of `<dir>/dlq/<function>.jsonl`. */
interface DeadLetter {
  event: unknown;
  error: LambdaError;
  attempts: number;
  requestId: string;
  time: string;
}

interface Entry {
  id: string;
  functionName: string;
  timer?: NodeJS.Timeout;
}

/**
 * Asynchronous invocations (Invoke with `Event`, timers, object-storage and queue events) as Lambda runs them:
 * every event is written to disk first (atomically: a temporary file renamed into place), run on the function's
 * instances, retried by the async retry rule (src/functions/async-retries.ts: `retryDelayMs`, then twice that),
 * and after its last attempt appended to the function's dead-letter file. A file is removed only when its event is
 * done, so pending events survive a restart or a SIGKILL and are picked up at boot.
 */
export class AsyncQueue {
  private readonly queueDir: string;
  private readonly dlqDir: string;
  private readonly entries = new Map<string, Entry>();
  /** Due entries per function, waiting for a free async slot. */
  private readonly due = new Map<string, Entry[]>();
  private readonly running = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    dir: string,
    private readonly services: Map<string, FunctionService>,
    private readonly retryDelayMs: number,
    private readonly output: HostOutput,
  ) {
    this.queueDir = join(dir, 'host-queue');
    this.dlqDir = join(dir, 'dlq');
    mkdirSync(this.queueDir, { recursive: true });
  }

  /** Schedules every event left on disk by a previous run; returns how many. */
  recover(): number {
    const items: QueuedEvent[] = [];
    for (const name of readdirSync(this.queueDir)) {
      const file = join(this.queueDir, name);
      if (name.endsWith('.tmp')) {
        rmSync(file, { force: true }); // a write that never got renamed: its enqueue was never acknowledged
        continue;
      }
      if (!name.endsWith('.json')) continue;
      try {
        items.push(JSON.parse(readFileSync(file, 'utf8')));
      } catch (err) {
        this.output.err(`[host] skipping unreadable queue file ${file}: ${(err as Error).message}`);
      }
    }
    items.sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt));
    for (const item of items) this.track(item);
    return items.length;
  }

  /** Writes the event to disk, then schedules it; once this returns, the event cannot be lost. */
  enqueue(functionName: string, event: unknown, requestId: string = randomUUID()): QueuedEvent {
    const item: QueuedEvent = {
      id: `${Date.now().toString(36)}-${requestId}`,
      requestId,
      functionName,
      event,
      attempts: 0,
      enqueuedAt: new Date().toISOString(),
      nextAttemptAt: Date.now(),
    };
    this.write(item);
    this.track(item);
    return item;
  }

  /** Events of a function not yet done (waiting, due or running). */
  pending(functionName: string): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.functionName === functionName) count += 1;
    return count;
  }

  /** Starts nothing new; resolves when the attempts under way end or at `deadline`. Files stay for the next boot. */
  async stop(deadline: number): Promise<void> {
    this.stopped = true;
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    const remaining = Math.max(0, deadline - Date.now());
    await Promise.race([Promise.all([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, remaining).unref())]);
  }

  private file(id: string): string {
    return join(this.queueDir, `${id}.json`);
  }

  private write(item: QueuedEvent): void {
    const file = this.file(item.id);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(item));
    renameSync(tmp, file);
  }

  private track(item: QueuedEvent): void {
    const entry: Entry = { id: item.id, functionName: item.functionName };
    this.entries.set(item.id, entry);
    this.schedule(entry, item.nextAttemptAt - Date.now());
  }

  private schedule(entry: Entry, delayMs: number): void {
    if (this.stopped) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      const list = this.due.get(entry.functionName) ?? [];
      list.push(entry);
      this.due.set(entry.functionName, list);
      this.drain(entry.functionName);
    }, Math.max(0, delayMs));
  }

  /** Runs due events while the function has async slots: at most what its instances can hold at once. */
  private drain(functionName: string): void {
    const list = this.due.get(functionName) ?? [];
    const service = this.services.get(functionName);
    const slots = service ? service.fn.maxInstances * service.fn.concurrency : 1;
    while (!this.stopped && list.length && (this.running.get(functionName) ?? 0) < slots) {
      const entry = list.shift()!;
      this.running.set(functionName, (this.running.get(functionName) ?? 0) + 1);
      const attempt = this.attempt(entry).finally(() => {
        this.inFlight.delete(attempt);
        this.running.set(functionName, (this.running.get(functionName) ?? 1) - 1);
        this.drain(functionName);
      });
      this.inFlight.add(attempt);
    }
  }

  private async attempt(entry: Entry): Promise<void> {
    let item: QueuedEvent;
    try {
      item = JSON.parse(readFileSync(this.file(entry.id), 'utf8'));
    } catch (err) {
      this.entries.delete(entry.id);
      this.output.err(`[host] queue file ${entry.id} vanished or is unreadable: ${(err as Error).message}`);
      return;
    }
    const service = this.services.get(item.functionName);
    if (!service) {
      const error = { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${item.functionName}` };
      return this.deadLetter(item, error);
    }
    const { outcome } = await service.invoke({ payload: Buffer.from(JSON.stringify(item.event) ?? 'null'), requestId: item.requestId });
    if (outcome.kind === 'ok') {
      this.entries.delete(item.id);
      rmSync(this.file(item.id), { force: true });
      return;
    }
    // Throttled, or the host is stopping: not an attempt; the file stays for later or for the next boot.
    if (outcome.kind === 'throttled' || outcome.kind === 'unavailable') return this.schedule(entry, THROTTLE_RETRY_MS);
    const { error } = outcome;
    item.attempts += 1;
    item.lastError = error;
    const delay = retryDelay(item.attempts, this.retryDelayMs);
    if (delay === undefined) return this.deadLetter(item, error);
    item.nextAttemptAt = Date.now() + delay;
    this.write(item);
    this.output.err(`[${item.functionName}] [${item.requestId}] async attempt ${item.attempts} of ${ASYNC_ATTEMPTS} failed (${error.errorType}: ${error.errorMessage}); retrying in ${delay} ms`);
    this.schedule(entry, delay);
  }

  /** Appends the event to the function's DLQ file, then forgets it; a crash in between repeats the line, never loses it. */
  private deadLetter(item: QueuedEvent, error: LambdaError): void {
    mkdirSync(this.dlqDir, { recursive: true });
    const file = join(this.dlqDir, `${item.functionName.replace(/[^A-Za-z0-9_.-]/g, '_')}.jsonl`);
    const letter: DeadLetter = { event: item.event, error, attempts: item.attempts, requestId: item.requestId, time: new Date().toISOString() };
    appendFileSync(file, `${JSON.stringify(letter)}\n`);
    this.entries.delete(item.id);
    rmSync(this.file(item.id), { force: true });
    this.output.err(`[${item.functionName}] [${item.requestId}] async event failed ${item.attempts} times: sent to ${file}`);
  }
}
