import { type LambdaError } from './protocol.js';

/** The version of the queue record this host writes; a record of a later version is left alone, not guessed at. */
export const QUEUE_RECORD_VERSION = 2;

/** Why an event left the queue without success: Lambda's condition names (its destinations' `requestContext.condition`). */
export type FailureCondition = 'RetriesExhausted' | 'FunctionNotFound';

/**
 * One async event as `<dir>/host-queue/<id>.json` holds it, the queue's only state. Version 1 (no `version` field)
 * counted failed attempts after each failure; version 2 counts attempts started and is written before each one
 * runs, which for a version 1 record on disk means the same number, so version 1 reads as version 2 unchanged.
 */
export interface QueueRecord {
  version: typeof QUEUE_RECORD_VERSION;
  id: string;
  /** The event's id: the same on every attempt and across restarts, as Lambda keeps one request id across retries. */
  requestId: string;
  functionName: string;
  event: unknown;
  /** Attempts started, recorded before each runs: a crash or restart never grants one more than ASYNC_ATTEMPTS. */
  attempts: number;
  enqueuedAt: string;
  /** When the next attempt is due (epoch ms); an attempt in progress sets it to when its retry would be. */
  nextAttemptAt: number;
  lastError?: LambdaError;
  /** Set once the event will not run again: it only waits to be appended to the dead-letter file. */
  failed?: { condition: FailureCondition; error: LambdaError; time: string };
}

/** One line of `<dir>/dlq/<function>.jsonl`. */
export interface DeadLetter {
  event: unknown;
  error: LambdaError;
  attempts: number;
  requestId: string;
  condition: FailureCondition;
  time: string;
}

/** A record read from disk, upgraded to the current version; throws for one this host cannot read. */
export function readQueueRecord(text: string): QueueRecord {
  const record = JSON.parse(text) as Partial<QueueRecord> & { version?: number };
  const version = record.version ?? 1;
  if (version > QUEUE_RECORD_VERSION) throw new Error(`queue record version ${version} is newer than this host's (${QUEUE_RECORD_VERSION})`);
  const fields = [record.id, record.requestId, record.functionName, record.enqueuedAt].every((field) => typeof field === 'string');
  if (!fields || typeof record.attempts !== 'number' || typeof record.nextAttemptAt !== 'number') {
    throw new Error('not a queue record: id, requestId, functionName, enqueuedAt, attempts or nextAttemptAt is missing');
  }
  return { ...(record as QueueRecord), version: QUEUE_RECORD_VERSION };
}

export function deadLetterOf(record: QueueRecord, failed: NonNullable<QueueRecord['failed']>): DeadLetter {
  return { event: record.event, error: failed.error, attempts: record.attempts, requestId: record.requestId, condition: failed.condition, time: failed.time };
}
