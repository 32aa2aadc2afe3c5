import { type DestinationName } from '../src/functions/destinations.js';
import { functionArn, type LambdaError } from './protocol.js';

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
  /** Set once the event will not run again: it only waits for its dead-letter line (and its onFailure record). */
  failed?: { condition: FailureCondition; error: LambdaError; time: string };
  /**
   * Set once an attempt succeeded at a function with an onSuccess destination: the event only waits for its record
   * to be delivered. `response` is the function's result (parsed JSON, else the text).
   */
  succeeded?: { response: unknown; time: string };
  /** What of its outcome was already delivered, so a retried delivery does not repeat it: `dlq`, `onSuccess`, `onFailure`. */
  delivered?: Delivery[];
}

/** One thing an event's outcome is delivered to: its dead-letter file or one of its destinations. */
export type Delivery = 'dlq' | DestinationName;

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

/**
 * What Lambda sends to a destination (its "invocation record", docs: invocation-async-retain-records): the event,
 * what became of it and the function's answer (its result, or its error as the runtime reported it).
 */
export interface InvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: { requestId: string; functionArn: string; condition: 'Success' | FailureCondition; approximateInvokeCount: number };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: '$LATEST'; functionError?: 'Unhandled' };
  responsePayload: unknown;
}

/** The invocation record of an event whose outcome is known (`succeeded` or `failed` set). */
export function invocationRecordOf(record: QueueRecord): InvocationRecord {
  const failed = record.failed;
  return {
    version: '1.0',
    timestamp: failed?.time ?? record.succeeded!.time,
    requestContext: {
      requestId: record.requestId,
      functionArn: `${functionArn(record.functionName)}:$LATEST`,
      condition: failed?.condition ?? 'Success',
      approximateInvokeCount: record.attempts,
    },
    requestPayload: record.event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(failed && { functionError: 'Unhandled' as const }) },
    responsePayload: failed ? failed.error : record.succeeded!.response,
  };
}
