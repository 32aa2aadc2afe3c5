import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeDestination } from '../src/functions/destinations.js';
import { type DestinationTarget } from '../src/decorators/serverless.js';
import { ASYNC_ATTEMPTS, retryDelay } from '../src/functions/async-retries.js';
import {
  deadLetterOf, invocationRecordOf, QUEUE_RECORD_VERSION, readQueueRecord, type Delivery, type FailureCondition, type QueueRecord,
} from './async-record.js';
import { type FunctionService } from './function-service.js';
import { type HostOutput } from './logs.js';
import { appendPrivateFile, ensurePrivateDir, makePrivate, writePrivateFile } from './private-files.js';
import { type LambdaError } from './protocol.js';

/** A throttled attempt is not an attempt: it is tried again after this, as Lambda keeps throttled events. */
const THROTTLE_RETRY_MS = 250;
/** A write the disk refused is tried again after this, the wait doubling up to the maximum while writes keep failing. */
const WRITE_RETRY_MIN_MS = 100;
const WRITE_RETRY_MAX_MS = 10_000;

/**
 * waiting → running → waiting (a retry) | done (ran well, nothing to deliver) | delivering (its outcome is known:
 * out of attempts, or a success with an onSuccess destination; waits for its dead-letter line and destination records).
 */
type Phase = 'waiting' | 'running' | 'done' | 'delivering';

interface Entry {
  /** The event's state; the file on disk is this, or an older state of it when a write was refused. */
  record: QueueRecord;
  phase: Phase;
  /** The file on disk holds `record` as it is now. */
  saved: boolean;
  /** A file for this event exists on disk (perhaps an older state). */
  onDisk: boolean;
  timer?: NodeJS.Timeout;
}

/** What `/-/status` shows of the queue: `unsaved` and `writeError` are there only while the disk refuses writes. */
export interface AsyncQueueStatus {
  /** Events not yet done (waiting or running), on disk or in memory only. */
  pending: number;
  /** Events whose latest state (a new event, an attempt, a dead letter, a removal) the disk refused: kept in memory, tried again. */
  unsaved: number;
  /** Events out of attempts whose dead-letter line could not be written yet. */
  deadLettersWaiting: number;
  /** Destination records (onSuccess, onFailure) not delivered yet: their sink or the destination's queue file refused the write. */
  deliveriesWaiting: number;
  writeError?: { message: string; since: string; retryInMs: number };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A function's result as a destination record carries it: its JSON, else its text. */
function responseOf(payload: Buffer): unknown {
  const text = payload.toString('utf8');
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Asynchronous invocations (Invoke with `Event`, timers, object-storage and queue events) as Lambda runs them:
 * every event is written to disk first (atomically, owner-only), run on the function's instances, retried by the
 * async retry rule (src/functions/async-retries.ts: `retryDelayMs`, then twice that), and after its last attempt
 * appended to the function's dead-letter file. Each attempt is recorded on disk before it runs, so neither a crash
 * nor a restart gives an event more than its attempts; its file goes only once it is done, so a pending event
 * survives a restart or a SIGKILL and is picked up at boot. A write the disk refuses (full, a file where a folder
 * should be) never stops the host: the event stays in memory, the write is tried again with backoff, and
 * `/-/status` and the log say so. An event whose file holds an older state waits for the write before its next
 * attempt runs; one never written runs from memory. An event's outcome goes to the function's destinations
 * (a record appended to a sink file, or an async event of another function, written to its queue file) before the
 * event's own file is removed, each delivery noted in it as it is made: a crash redelivers, never loses, a record.
 */
export class AsyncQueue {
  private readonly queueDir: string;
  private readonly dlqDir: string;
  private readonly entries = new Map<string, Entry>();
  /** Due entries per function, waiting for a free async slot. */
  private readonly due = new Map<string, Entry[]>();
  private readonly running = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Entries whose disk work was refused, tried again together by one timer. */
  private readonly unsettled = new Set<Entry>();
  private writeRetryMs = WRITE_RETRY_MIN_MS;
  private writeRetryTimer?: NodeJS.Timeout;
  private writeError?: { message: string; since: string };
  private stopped = false;

  constructor(
    private readonly dir: string,
    private readonly services: Map<string, FunctionService>,
    private readonly retryDelayMs: number,
    private readonly output: HostOutput,
  ) {
    this.queueDir = join(dir, 'host-queue');
    this.dlqDir = join(dir, 'dlq');
  }

  /** Makes the queue's folders owner-only and schedules every event left on disk by a previous run; returns how many. */
  recover(): number {
    try {
      makePrivate(this.dlqDir);
    } catch (err) {
      this.output.err(`[host] async queue: cannot make ${this.dlqDir} owner-only (${message(err)}); dead letters wait in the queue until it can be written`);
    }
    let names: string[];
    try {
      ensurePrivateDir(this.queueDir);
      makePrivate(this.queueDir);
      names = readdirSync(this.queueDir);
    } catch (err) {
      this.output.err(`[host] async queue: cannot use ${this.queueDir} (${message(err)}); new events are kept in memory until it can be written`);
      return 0;
    }
    const records: QueueRecord[] = [];
    for (const name of names) {
      const file = join(this.queueDir, name);
      try {
        // A write that never got renamed: its enqueue was never acknowledged.
        if (name.endsWith('.tmp')) rmSync(file, { force: true });
        else if (name.endsWith('.json')) records.push(readQueueRecord(readFileSync(file, 'utf8')));
      } catch (err) {
        this.output.err(`[host] skipping unreadable queue file ${file}: ${message(err)}`);
      }
    }
    records.sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt));
    for (const record of records) this.resume(record);
    return records.length;
  }

  /** Writes the event to disk, then schedules it; never throws: an event the disk refuses is kept in memory. */
  enqueue(functionName: string, event: unknown, requestId: string = randomUUID()): QueueRecord {
    const entry = this.newEntry(functionName, event, requestId);
    this.entries.set(entry.record.id, entry);
    this.settle(entry);
    this.schedule(entry, 0);
    return entry.record;
  }

  private newEntry(functionName: string, event: unknown, requestId: string): Entry {
    const record: QueueRecord = {
      version: QUEUE_RECORD_VERSION,
      id: `${Date.now().toString(36)}-${requestId}`,
      requestId,
      functionName,
      event,
      attempts: 0,
      enqueuedAt: new Date().toISOString(),
      nextAttemptAt: Date.now(),
    };
    return { record, phase: 'waiting', saved: false, onDisk: false };
  }

  /** Events of a function not yet done (waiting, due or running). */
  pending(functionName: string): number {
    let count = 0;
    for (const { record, phase } of this.entries.values()) if (record.functionName === functionName && (phase === 'waiting' || phase === 'running')) count += 1;
    return count;
  }

  status(): AsyncQueueStatus {
    let pending = 0;
    let deadLettersWaiting = 0;
    let deliveriesWaiting = 0;
    for (const { record, phase } of this.entries.values()) {
      if (phase === 'waiting' || phase === 'running') pending += 1;
      else if (phase === 'delivering') {
        for (const delivery of this.undelivered(record)) {
          if (delivery === 'dlq') deadLettersWaiting += 1;
          else deliveriesWaiting += 1;
        }
      }
    }
    const writeError = this.writeError && { ...this.writeError, retryInMs: this.writeRetryMs };
    return { pending, unsaved: this.unsettled.size, deadLettersWaiting, deliveriesWaiting, ...(writeError && { writeError }) };
  }

  /**
   * Starts nothing new; resolves when the attempts under way end or at `deadline`, after one last try of the
   * writes the disk refused. Files stay for the next boot.
   */
  async stop(deadline: number): Promise<void> {
    this.stopped = true;
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    const remaining = Math.max(0, deadline - Date.now());
    await Promise.race([Promise.all([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, remaining).unref())]);
    clearTimeout(this.writeRetryTimer);
    this.retryWrites();
    if (this.unsettled.size) {
      const unwritten = [...this.unsettled].filter((entry) => !entry.onDisk).length;
      this.output.err(
        `[host] async queue: stopping with ${this.unsettled.size} event(s) the disk refused (${this.writeError?.message}): ` +
          `${unwritten} never written are lost; the others resume from their last written state`,
      );
    }
  }

  private file(id: string): string {
    return join(this.queueDir, `${id}.json`);
  }

  private deadLetterFile(functionName: string): string {
    return join(this.dlqDir, `${functionName.replace(/[^A-Za-z0-9_.-]/g, '_')}.jsonl`);
  }

  /** Where a sink destination's records go: `<dir>/destinations/<file>`, or a queue's stand-in `<dir>/queues/<name>.jsonl`. */
  private sinkFile(target: Exclude<DestinationTarget, { function: string }>): string {
    return 'file' in target ? join(this.dir, 'destinations', target.file) : join(this.dir, 'queues', `${target.queue}.jsonl`);
  }

  private destination(functionName: string, delivery: Delivery): DestinationTarget | undefined {
    return delivery === 'dlq' ? undefined : this.services.get(functionName)?.fn.destinations?.[delivery];
  }

  /** What the event's outcome still has to reach, in order: the dead-letter file first, as before destinations. */
  private undelivered(record: QueueRecord): Delivery[] {
    const all: Delivery[] = record.failed ? ['dlq', 'onFailure'] : record.succeeded ? ['onSuccess'] : [];
    return all.filter((delivery) => (delivery === 'dlq' || this.destination(record.functionName, delivery)) && !record.delivered?.includes(delivery));
  }

  /** An event read at boot: dead-lettered if it will not run again, else scheduled when due. */
  private resume(record: QueueRecord): void {
    const entry: Entry = { record, phase: 'waiting', saved: true, onDisk: true };
    this.entries.set(record.id, entry);
    if (record.failed || record.succeeded) {
      entry.phase = 'delivering';
      this.settle(entry);
    } else if (record.attempts >= ASYNC_ATTEMPTS) {
      // Its last attempt was under way when the host stopped: it may or may not have run, and it gets no other.
      const errorMessage = `the host stopped during attempt ${record.attempts} of ${ASYNC_ATTEMPTS}, so its outcome is unknown; an event gets no more attempts`;
      this.fail(entry, 'RetriesExhausted', { errorType: 'Wick.AttemptInterrupted', errorMessage });
    } else {
      this.schedule(entry, record.nextAttemptAt - Date.now());
    }
  }

  private schedule(entry: Entry, delayMs: number): void {
    entry.phase = 'waiting';
    if (this.stopped) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      const list = this.due.get(entry.record.functionName) ?? [];
      list.push(entry);
      this.due.set(entry.record.functionName, list);
      this.drain(entry.record.functionName);
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
      const attempt = this.attempt(entry)
        .catch((err) => this.output.err(`[host] async queue: attempt of ${entry.record.id} failed unexpectedly: ${(err as Error).stack ?? message(err)}`))
        .finally(() => {
          this.inFlight.delete(attempt);
          this.running.set(functionName, (this.running.get(functionName) ?? 1) - 1);
          this.drain(functionName);
        });
      this.inFlight.add(attempt);
    }
  }

  private async attempt(entry: Entry): Promise<void> {
    const { record } = entry;
    const service = this.services.get(record.functionName);
    if (!service) {
      return this.fail(entry, 'FunctionNotFound', { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${record.functionName}` });
    }
    if (!this.recordAttempt(entry)) return this.schedule(entry, this.writeRetryMs);
    entry.phase = 'running';
    const payload = Buffer.from(JSON.stringify(record.event) ?? 'null');
    const { outcome } = await service.invoke({ payload, requestId: record.requestId, attempt: record.attempts });
    if (outcome.kind === 'ok') {
      if (this.destination(record.functionName, 'onSuccess')) {
        record.succeeded = { response: responseOf(outcome.payload), time: new Date().toISOString() };
        entry.phase = 'delivering';
        entry.saved = false;
      } else {
        entry.phase = 'done';
      }
      this.settle(entry);
      return;
    }
    // Throttled: it never ran, so it is not an attempt.
    if (outcome.kind === 'throttled') {
      record.attempts -= 1;
      return this.retryAt(entry, THROTTLE_RETRY_MS);
    }
    // The host is stopping, and may have cut the handler short: the attempt counts, as a crash does, and its file
    // (written when it started) has the next boot retry it, or dead-letter it when it was the last.
    if (outcome.kind === 'unavailable') return;
    const { error } = outcome;
    record.lastError = error;
    const delay = retryDelay(record.attempts, this.retryDelayMs);
    if (delay === undefined) return this.fail(entry, 'RetriesExhausted', error);
    this.output.err(
      `[${record.functionName}] [${record.requestId}] async attempt ${record.attempts} of ${ASYNC_ATTEMPTS} failed (${error.errorType}: ${error.errorMessage}); retrying in ${delay} ms`,
    );
    this.retryAt(entry, delay);
  }

  /**
   * Counts the attempt on disk before it runs. False when the disk refused and its file holds fewer attempts: run
   * now, a crash would grant it once more, so it waits for the write. An event never written runs from memory.
   */
  private recordAttempt(entry: Entry): boolean {
    const { record } = entry;
    const nextAttemptAt = record.nextAttemptAt;
    record.attempts += 1;
    // Should the host stop during this attempt, the next boot retries it when a failure would have.
    record.nextAttemptAt = Date.now() + (retryDelay(record.attempts, this.retryDelayMs) ?? 0);
    entry.saved = false;
    if (this.settle(entry) || !entry.onDisk) return true;
    record.attempts -= 1;
    record.nextAttemptAt = nextAttemptAt;
    return false;
  }

  private retryAt(entry: Entry, delayMs: number): void {
    entry.record.nextAttemptAt = Date.now() + delayMs;
    entry.saved = false;
    this.settle(entry);
    this.schedule(entry, delayMs);
  }

  /** The event will not run again: its dead-letter line and onFailure record are written (or, while refused, wait in memory and in its file). */
  private fail(entry: Entry, condition: FailureCondition, error: LambdaError): void {
    entry.record.failed = { condition, error, time: new Date().toISOString() };
    entry.phase = 'delivering';
    entry.saved = false;
    this.settle(entry);
  }

  /** Brings the disk in line with the entry; a refused write keeps the entry in memory and is tried again later. */
  private settle(entry: Entry): boolean {
    try {
      this.writeThrough(entry);
    } catch (err) {
      this.refused(entry, err);
      return false;
    }
    this.unsettled.delete(entry);
    if (this.unsettled.size === 0 && this.writeError) this.writesWork();
    return true;
  }

  /** The disk work the entry's phase asks for; throws what the disk refused. */
  private writeThrough(entry: Entry): void {
    const { record } = entry;
    if (entry.phase === 'delivering') {
      try {
        for (const delivery of this.undelivered(record)) {
          this.deliver(record, delivery);
          record.delivered = [...(record.delivered ?? []), delivery];
          entry.saved = false;
        }
      } catch (err) {
        // Its file must say what became of it (so a restart never runs it again) and what was delivered already.
        if (!entry.saved) this.save(entry);
        throw err;
      }
      // A crash before the file is removed repeats the deliveries at the next boot: a record is never lost.
      entry.phase = 'done';
    }
    if (entry.phase === 'done') {
      if (entry.onDisk) rmSync(this.file(record.id), { force: true });
      entry.onDisk = false;
      this.entries.delete(record.id);
      return;
    }
    if (!entry.saved) this.save(entry);
  }

  /** Delivers the event's outcome to its dead-letter file or one of its destinations; throws what the disk refused. */
  private deliver(record: QueueRecord, delivery: Delivery): void {
    const prefix = `[${record.functionName}] [${record.requestId}]`;
    if (delivery === 'dlq') {
      ensurePrivateDir(this.dlqDir);
      appendPrivateFile(this.deadLetterFile(record.functionName), `${JSON.stringify(deadLetterOf(record, record.failed!))}\n`);
      this.output.err(`${prefix} async event failed ${record.attempts} times: sent to ${this.deadLetterFile(record.functionName)}`);
      return;
    }
    const target = this.destination(record.functionName, delivery)!;
    const invocationRecord = invocationRecordOf(record);
    if ('function' in target) {
      // The destination's event is on disk (its own queue file) before this event's file can go.
      const entry = this.newEntry(target.function, invocationRecord, randomUUID());
      this.save(entry);
      this.entries.set(entry.record.id, entry);
      this.schedule(entry, 0);
    } else {
      const file = this.sinkFile(target);
      ensurePrivateDir(dirname(file));
      appendPrivateFile(file, `${JSON.stringify(invocationRecord)}\n`);
    }
    this.output.err(`${prefix} async ${delivery} record (${invocationRecord.requestContext.condition}) sent to ${describeDestination(target)}`);
  }

  private save(entry: Entry): void {
    writePrivateFile(this.file(entry.record.id), JSON.stringify(entry.record));
    entry.saved = true;
    entry.onDisk = true;
  }

  private refused(entry: Entry, err: unknown): void {
    this.unsettled.add(entry);
    if (!this.writeError) {
      this.writeError = { message: message(err), since: new Date().toISOString() };
      this.output.err(
        `[host] async queue: the disk refused a write (${message(err)}): the event stays in memory, and the write is tried again with backoff (see /-/status)`,
      );
    } else {
      this.writeError.message = message(err);
    }
    if (!this.writeRetryTimer && !this.stopped) this.writeRetryTimer = setTimeout(() => this.retryWrites(), this.writeRetryMs);
  }

  private retryWrites(): void {
    this.writeRetryTimer = undefined;
    if (!this.unsettled.size) return;
    // A refusal from here on waits longer; a queue folder that was removed is made again.
    this.writeRetryMs = Math.min(this.writeRetryMs * 2, WRITE_RETRY_MAX_MS);
    try {
      ensurePrivateDir(this.queueDir);
    } catch {
      // reported by the writes below
    }
    for (const entry of [...this.unsettled]) this.settle(entry);
  }

  private writesWork(): void {
    this.output.err(`[host] async queue: nothing waits on the disk any more (the last refused write: ${this.writeError!.message}, since ${this.writeError!.since})`);
    this.writeError = undefined;
    this.writeRetryMs = WRITE_RETRY_MIN_MS;
    clearTimeout(this.writeRetryTimer);
    this.writeRetryTimer = undefined;
  }
}
