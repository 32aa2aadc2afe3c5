import { ServerlessTriggerType } from '../../src/decorators/serverless.js';
import { type ObjectStorageEventData, type ObjectStorageRecord, type TimerEventData } from '../../src/functions/model.js';
import { decodeObjectKey } from '../common/percent-decoding.js';
import { BadEventError, isObject, nestedString, objectField, stringField, type Fields } from '../common/errors.js';
import { directInvocation, type EventSources, type TriggerProcessor } from '../common/events.js';

const timerProcessor: TriggerProcessor = {
  trigger: ServerlessTriggerType.TIMER,
  source: 'tencent:timer',
  matches: (event) => isObject(event) && event.Type === 'Timer',
  run(event, { invoke }) {
    const timer = event as Fields;
    const data: TimerEventData = {
      triggerName: stringField(timer, 'TriggerName', true),
      time: stringField(timer, 'Time')!,
      payload: stringField(timer, 'Message', true),
    };
    return invoke(data, event);
  },
};

/**
 * `cosObject.key` is `/<appid>/<bucket>/<key>` with the key URL-encoded. The bucket segment is the short name;
 * `cosBucket.name` may also be the full `<name>-<appid>` form.
 */
function cosObjectKey(raw: string, bucket: string): string {
  const [, appid, name, ...rest] = raw.split('/');
  const prefixed = rest.length > 0 && (name === bucket || `${name}-${appid}` === bucket);
  return decodeObjectKey(prefixed ? rest.join('/') : raw.replace(/^\//, ''));
}

/** Unix seconds on this platform, ISO 8601 in the normalized record; a number no Date can hold is a malformed event. */
function cosTime(seconds: unknown, where: string): string | undefined {
  if (typeof seconds !== 'number') return undefined;
  const time = new Date(seconds * 1000);
  if (Number.isNaN(time.getTime())) throw new BadEventError(`${where} must be Unix seconds, got ${seconds}`);
  return time.toISOString();
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
    time: cosTime(event.eventTime, `${where}.event.eventTime`),
  };
}

/** All records of a notification in one invocation. */
const cosProcessor: TriggerProcessor = {
  trigger: ServerlessTriggerType.OS,
  source: 'tencent:cos',
  matches: (event) => isObject(event) && Array.isArray(event.Records) && isObject(event.Records[0]) && 'cos' in event.Records[0],
  run(event, { invoke }) {
    const data: ObjectStorageEventData = { records: Array.from((event as Fields).Records as unknown[], cosRecord) };
    return invoke(data, event);
  },
};

export const EVENT_SOURCES: EventSources = {
  processors: [timerProcessor, cosProcessor],
  // InvokeFunction, the console's test event.
  direct: directInvocation('tencent:invoke'),
  recognised: 'an API Gateway or Function URL request nor a timer or COS event',
};
