import { KEYS, readOwn, writeOwn } from './metadata.js';
import { assertExperimentalDecorators } from './compiler-settings.js';
import { type HttpMethod, type MiddlewareRef } from './web.js';

export enum ServerlessTriggerType {
  HTTP = 'http',
  API_GATEWAY = 'apigw',
  TIMER = 'timer',
  EVENT = 'event',
  /** Object storage: S3, OSS, COS. */
  OS = 'os',
  /** Message queues and topics: SQS, SNS, MNS, CMQ. */
  MQ = 'mq',
}

export interface HttpTriggerOptions {
  path: string;
  method?: Exclude<HttpMethod, 'options'> | Exclude<HttpMethod, 'options'>[];
  middleware?: MiddlewareRef[];
}

export interface TimerTriggerOptions {
  /** `cron`: a 5- or 6-field cron expression; `every`: a duration like `30s`, `5m`, `1h`. */
  type: 'cron' | 'every';
  value: string;
  payload?: string;
}

export interface ObjectStorageTriggerOptions {
  bucket: string;
  events: string[];
  filter?: { prefix?: string; suffix?: string };
}

export interface MessageQueueTriggerOptions {
  topic: string;
  tags?: string[];
}

type TriggerOptionsMap = {
  [ServerlessTriggerType.HTTP]: HttpTriggerOptions;
  [ServerlessTriggerType.API_GATEWAY]: HttpTriggerOptions;
  [ServerlessTriggerType.TIMER]: TimerTriggerOptions;
  [ServerlessTriggerType.EVENT]: Record<string, never> | undefined;
  [ServerlessTriggerType.OS]: ObjectStorageTriggerOptions;
  [ServerlessTriggerType.MQ]: MessageQueueTriggerOptions;
};

export type TriggerMetadata = {
  [T in ServerlessTriggerType]: { type: T; options: TriggerOptionsMap[T] };
}[ServerlessTriggerType];

/**
 * Where an async invocation's record goes (Lambda destinations, FC async-invoke destinations): another function
 * of the app by name (`'audit'` or `{ function: 'audit' }`, invoked with the record as its async event), a JSONL
 * file under the host folder (`{ file: 'results/ok.jsonl' }`: `wick host` only), or a queue (`{ queue: 'orders' }`:
 * SQS on AWS, MNS on Aliyun FC; locally `<dir>/queues/<name>.jsonl`).
 */
export type DestinationTarget = { function: string } | { file: string } | { queue: string };

export interface Destinations<T = string | DestinationTarget> {
  /** After an attempt succeeds. */
  onSuccess?: T;
  /** After the last failed attempt, beside the dead-letter file. */
  onFailure?: T;
}

export interface FunctionSettings {
  functionName?: string;
  /** Where the records of the function's async invocations go (the Serverless Framework's `destinations`). */
  destinations?: Destinations;
  /** MB. */
  memorySize?: number;
  /** Seconds. */
  timeout?: number;
  /** Requests one instance serves at once. */
  concurrency?: number;
  minInstances?: number;
  maxInstances?: number;
  /** Seconds an instance may stay idle before it is reaped. */
  idleTimeout?: number;
}

/** Declares how a method is invoked; a method may have several triggers. */
export function ServerlessTrigger<T extends ServerlessTriggerType>(type: T, options?: TriggerOptionsMap[T]): MethodDecorator {
  return (target, method) => {
    assertExperimentalDecorators(method);
    const triggers = readOwn<Record<string, TriggerMetadata[]>>(KEYS.triggers, target.constructor) ?? {};
    const entry = { type, options: options ?? {} } as TriggerMetadata;
    writeOwn(KEYS.triggers, { ...triggers, [String(method)]: [...(triggers[String(method)] ?? []), entry] }, target.constructor);
  };
}

/** Per-function settings: name, memory, timeout, concurrency, instance bounds. */
export function ServerlessFunction(settings: FunctionSettings = {}): MethodDecorator {
  return (target, method) => {
    assertExperimentalDecorators(method);
    const all = readOwn<Record<string, FunctionSettings>>(KEYS.function, target.constructor) ?? {};
    writeOwn(KEYS.function, { ...all, [String(method)]: settings }, target.constructor);
  };
}
