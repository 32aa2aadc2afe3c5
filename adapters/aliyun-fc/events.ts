import { ServerlessTriggerType } from '../../src/decorators/serverless.js';
import { type ObjectStorageEventData, type ObjectStorageRecord, type TimerEventData, type WickEvent } from '../../src/functions/model.js';
import { BadEventError, isObject, nestedString, objectField } from '../common/errors.js';
import { type AliyunOssEvent, type AliyunTimerEvent } from './types.js';

function isTimerEvent(payload: unknown): payload is AliyunTimerEvent {
  return isObject(payload) && typeof payload.triggerTime === 'string' && typeof payload.triggerName === 'string';
}

function isOssEvent(payload: unknown): payload is AliyunOssEvent {
  return isObject(payload) && Array.isArray(payload.events) && payload.events.some((record) => isObject(record) && record.eventSource === 'acs:oss');
}

/** The trigger message is documented as a string; anything else is kept as its JSON text. */
function timerPayload(payload: unknown): string | undefined {
  if (payload === undefined || payload === null) return undefined;
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}

function timerData(event: AliyunTimerEvent): TimerEventData {
  return { triggerName: event.triggerName, time: event.triggerTime, payload: timerPayload(event.payload) };
}

/** Keys may arrive percent-encoded; a `%` that starts no valid escape means the key is plain already. `+` is kept. */
function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/** Bucket and key are required, each missing piece named by its full path; size, ETag, region and time are kept only when well-typed. */
function ossRecord(record: unknown, index: number): ObjectStorageRecord {
  const where = `events[${index}]`;
  if (!isObject(record)) throw new BadEventError(`${where} must be an object`);
  const oss = objectField(record, 'oss', `${where}.oss`, true);
  const object = objectField(oss, 'object', `${where}.oss.object`, true);
  return {
    eventName: nestedString(record.eventName, `${where}.eventName`)!,
    bucket: nestedString(objectField(oss, 'bucket', `${where}.oss.bucket`, true).name, `${where}.oss.bucket.name`)!,
    key: decodeKey(nestedString(object.key, `${where}.oss.object.key`)!),
    size: typeof object.size === 'number' && Number.isFinite(object.size) ? object.size : undefined,
    etag: typeof object.eTag === 'string' ? object.eTag : undefined,
    region: typeof record.region === 'string' ? record.region : undefined,
    time: typeof record.eventTime === 'string' ? record.eventTime : undefined,
  };
}

/**
 * A non-HTTP payload as a WickEvent: a timer, an OSS notification (all its records in one event), or else a
 * direct invocation whose payload is passed as it is. A payload that claims to be OSS but lacks a record's
 * bucket or key is rejected with a BadEventError naming the field.
 */
export function toWickEvent(payload: unknown, requestId: string | undefined): WickEvent {
  if (isTimerEvent(payload)) {
    return { trigger: ServerlessTriggerType.TIMER, source: 'aliyun:timer', data: timerData(payload), raw: payload, requestId };
  }
  if (isOssEvent(payload)) {
    const data: ObjectStorageEventData = { records: payload.events.map(ossRecord) };
    return { trigger: ServerlessTriggerType.OS, source: 'aliyun:oss', data, raw: payload, requestId };
  }
  return { trigger: ServerlessTriggerType.EVENT, source: 'aliyun:invoke', data: payload, raw: payload, requestId };
}
