import { ServerlessTriggerType } from '../../src/decorators/serverless.js';
import { type ObjectStorageEventData, type ObjectStorageRecord, type TimerEventData } from '../../src/functions/model.js';
import { decodeObjectKey } from '../common/percent-decoding.js';
import { BadEventError, isObject, nestedString, objectField } from '../common/errors.js';
import { directInvocation, type EventSources, type TriggerProcessor } from '../common/events.js';
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

/** Bucket and key are required, each missing piece named by its full path; size, ETag, region and time are kept only when well-typed. */
function ossRecord(record: unknown, index: number): ObjectStorageRecord {
  const where = `events[${index}]`;
  if (!isObject(record)) throw new BadEventError(`${where} must be an object`);
  const oss = objectField(record, 'oss', `${where}.oss`, true);
  const object = objectField(oss, 'object', `${where}.oss.object`, true);
  return {
    eventName: nestedString(record.eventName, `${where}.eventName`)!,
    bucket: nestedString(objectField(oss, 'bucket', `${where}.oss.bucket`, true).name, `${where}.oss.bucket.name`)!,
    key: decodeObjectKey(nestedString(object.key, `${where}.oss.object.key`)!),
    size: typeof object.size === 'number' && Number.isFinite(object.size) ? object.size : undefined,
    etag: typeof object.eTag === 'string' ? object.eTag : undefined,
    region: typeof record.region === 'string' ? record.region : undefined,
    time: typeof record.eventTime === 'string' ? record.eventTime : undefined,
  };
}

const timer: TriggerProcessor = {
  trigger: ServerlessTriggerType.TIMER,
  source: 'aliyun:timer',
  matches: isTimerEvent,
  run: (event, { invoke }) => invoke(timerData(event as AliyunTimerEvent), event),
};

/** All records of a notification in one event; one that lacks a record's bucket or key is a BadEventError naming the field. */
const oss: TriggerProcessor = {
  trigger: ServerlessTriggerType.OS,
  source: 'aliyun:oss',
  matches: isOssEvent,
  run(event, { invoke }) {
    const data: ObjectStorageEventData = { records: Array.from((event as AliyunOssEvent).events, ossRecord) };
    return invoke(data, event);
  },
};

export const EVENT_SOURCES: EventSources = {
  processors: [timer, oss],
  direct: directInvocation('aliyun:invoke'),
  recognised: 'an FC 3.0 HTTP trigger or API Gateway request nor a timer or OSS event',
};
