import { ServerlessTriggerType } from '../../src/decorators/serverless.js';
import { type ObjectStorageEventData, type ObjectStorageRecord, type TimerEventData, type WickEvent } from '../../src/functions/model.js';
import { BadEventError, isObject, nestedString, objectField, stringField, type Fields } from '../common/errors.js';

/** One non-HTTP event source: how to recognise its payload and normalize it. */
interface TriggerProcessor {
  matches(event: unknown): boolean;
  /** Throws BadEventError when a recognised event lacks what its trigger needs. */
  toEvent(event: unknown, requestId: string | undefined): WickEvent;
}

const timerProcessor: TriggerProcessor = {
  matches: (event) => isObject(event) && event.Type === 'Timer',
  toEvent(event, requestId) {
    const timer = event as Fields;
    const data: TimerEventData = {
      triggerName: stringField(timer, 'TriggerName', true),
      time: stringField(timer, 'Time')!,
      payload: stringField(timer, 'Message', true),
    };
    return { trigger: ServerlessTriggerType.TIMER, source: 'tencent:timer', data, raw: event, requestId };
  },
};

/**
 * `cosObject.key` is `/<appid>/<bucket>/<key>` with the key URL-encoded. The bucket segment is the short name;
 * `cosBucket.name` may also be the full `<name>-<appid>` form.
 */
function cosObjectKey(raw: string, bucket: string): string {
  const [, appid, name, ...rest] = raw.split('/');
  const prefixed = rest.length > 0 && (name === bucket || `${name}-${appid}` === bucket);
  const encoded = prefixed ? rest.join('/') : raw.replace(/^\//, '');
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new BadEventError(`cos object key ${JSON.stringify(raw.slice(0, 200))} is not valid percent-encoding`);
  }
}

function cosRecord(record: unknown, index: number): ObjectStorageRecord {
  const where = `Records[${index}]`;
  if (!isObject(record)) throw new BadEventError(`${where} must be an object`);
  const cos = objectField(record, 'cos', `${where}.cos`, true);
  const event = objectField(record, 'event', `${where}.event`, true);
  const object = objectField(cos, 'cosObject', `${where}.cos.cosObject`, true);
  const bucketInfo = objectField(cos, 'cosBucket', `${where}.cos.cosBucket`, true);
  const bucket = nestedString(bucketInfo.name, `${where}.cos.cosBucket.name`)!;
  return {
    eventName: nestedString(event.eventName, `${where}.event.eventName`)!,
    bucket,
    key: cosObjectKey(nestedString(object.key, `${where}.cos.cosObject.key`)!, bucket),
    size: typeof object.size === 'number' ? object.size : undefined,
    region: nestedString(bucketInfo.region, `${where}.cos.cosBucket.region`, true),
    // Unix seconds on this platform, ISO 8601 in the normalized record.
    time: typeof event.eventTime === 'number' ? new Date(event.eventTime * 1000).toISOString() : undefined,
  };
}

const cosProcessor: TriggerProcessor = {
  matches: (event) => isObject(event) && Array.isArray(event.Records) && isObject(event.Records[0]) && 'cos' in event.Records[0],
  toEvent(event, requestId) {
    const data: ObjectStorageEventData = { records: ((event as Fields).Records as unknown[]).map(cosRecord) };
    return { trigger: ServerlessTriggerType.OS, source: 'tencent:cos', data, raw: event, requestId };
  },
};

/** InvokeFunction, the console's test event, or a trigger without a processor: the caller's JSON, untouched. */
const directProcessor: TriggerProcessor = {
  matches: () => true,
  toEvent: (event, requestId) => ({ trigger: ServerlessTriggerType.EVENT, source: 'tencent:invoke', data: event, raw: event, requestId }),
};

const TRIGGER_PROCESSORS: TriggerProcessor[] = [timerProcessor, cosProcessor, directProcessor];

/** A non-HTTP event as a WickEvent: timer, COS, or else a direct invocation. */
export function toWickEvent(event: unknown, requestId: string | undefined): WickEvent {
  return TRIGGER_PROCESSORS.find((processor) => processor.matches(event))!.toEvent(event, requestId);
}
