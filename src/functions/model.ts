import { type ServerlessTriggerType } from '../decorators/serverless.js';

export type HeaderValue = string | string[];

/**
 * The one HTTP request every adapter produces. `path` is percent-encoded as it would be on the wire;
 * `query` values are decoded, repeated keys as arrays; header names are lower-case, cookies in `cookie`.
 */
export interface WickHttpRequest {
  method: string;
  path: string;
  query?: Record<string, HeaderValue>;
  headers?: Record<string, HeaderValue>;
  body?: Buffer;
  remoteAddress?: string;
}

/** The one HTTP response every adapter turns back into its platform's format. `set-cookie` is always an array. */
export interface WickHttpResponse {
  status: number;
  headers: Record<string, HeaderValue>;
  body: Buffer;
}

/**
 * The normalized event: what a TIMER, OS or MQ handler receives as its first argument (an EVENT handler receives
 * `data`, the invocation payload itself), and what `ctx.event` holds for every event invocation.
 */
export interface WickEvent<T = unknown> {
  trigger: ServerlessTriggerType;
  /** Where it came from: `aws:sqs`, `aliyun:oss`, `tencent:timer`, `wick:timer`, ... */
  source: string;
  /** The normalized content; its shape depends on the trigger (see TimerEvent, ObjectStorageEvent, MessageEvent). */
  data: T;
  /** The platform payload this event was read from, untouched: the whole event, or for a batch the one record. */
  raw?: unknown;
  /**
   * The platform's invocation id when it has one. An async event keeps it on every attempt (and, in `wick host`,
   * across a restart): the key a handler deduplicates on.
   */
  requestId?: string;
  /**
   * Which attempt at an async event this is: 1, then 2 and 3 for its retries. Set where the runner knows it (`wick
   * host`'s async queue, server mode's timers); undefined for a synchronous invocation and where the platform does
   * not say (Lambda, FC and SCF pass no attempt number).
   */
  attempt?: number;
}

/**
 * What the caller handed over for one event invocation, kept as it came: `ctx.originEvent` and `ctx.originContext`
 * (Midway's names). On a platform, the event and context objects its runtime passed; locally, the input given.
 */
export interface InvocationOrigin {
  event: unknown;
  context: unknown;
}

export interface TimerEventData {
  triggerName?: string;
  time: string;
  payload?: string;
}

export interface ObjectStorageRecord {
  eventName: string;
  bucket: string;
  /** URL-decoded object key. */
  key: string;
  size?: number;
  etag?: string;
  region?: string;
  time?: string;
}

export interface ObjectStorageEventData {
  records: ObjectStorageRecord[];
}

export interface MessageEventData {
  /** Queue or topic name. */
  topic: string;
  id: string;
  body: string;
  attributes?: Record<string, unknown>;
}

export type TimerEvent = WickEvent<TimerEventData>;
export type ObjectStorageEvent = WickEvent<ObjectStorageEventData>;
export type MessageEvent = WickEvent<MessageEventData>;

export function isWickHttpRequest(value: unknown): value is WickHttpRequest {
  const candidate = value as WickHttpRequest | null;
  return typeof candidate?.method === 'string' && typeof candidate?.path === 'string';
}
