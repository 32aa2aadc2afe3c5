import { ServerlessTriggerType } from '../../src/decorators/serverless.js';
import { type MessageEventData, type ObjectStorageRecord, type TimerEventData } from '../../src/functions/model.js';
import { timerTriggers } from '../../src/functions/timers.js';
import { decodeObjectKey } from '../common/percent-decoding.js';
import { BadEventError, isObject, nestedString, objectField, type Fields } from '../common/errors.js';
import { directInvocation, type EventSources, type TriggerProcessor } from '../common/events.js';
import { sqsBatchResponse } from './response.js';


function firstRecord(event: unknown): Fields | undefined {
  const records = isObject(event) ? event.Records : undefined;
  return Array.isArray(records) && isObject(records[0]) ? records[0] : undefined;
}

function recordsOf(event: unknown): Fields[] {
  const records = (event as Fields).Records as unknown[];
  // Array.from visits the holes of a sparse list too (an event built in code), which map would skip.
  return Array.from(records, (record, index) => {
    if (!isObject(record)) throw new BadEventError(`Records[${index}] must be an object`);
    return record;
  });
}

/** `arn:aws:sqs:us-east-2:123456789012:my-queue` → `my-queue`. */
function arnName(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/** `attributes` are the queue's own (receive count, sent time, FIFO group); message attributes stay in `raw`. */
function sqsMessage(record: Fields, index: number): MessageEventData {
  return {
    topic: arnName(nestedString(record.eventSourceARN, `Records[${index}].eventSourceARN`)!),
    id: nestedString(record.messageId, `Records[${index}].messageId`)!,
    body: nestedString(record.body, `Records[${index}].body`)!,
    attributes: objectField(record, 'attributes', `Records[${index}].attributes`),
  };
}

/**
 * One invocation per message, in order; only the failed ones are reported, so SQS deletes the rest. A FIFO queue
 * must not run past a failure (the next message of the group would overtake it), so the rest are reported unprocessed.
 */
const sqs: TriggerProcessor = {
  trigger: ServerlessTriggerType.MQ,
  source: 'aws:sqs',
  matches: (event) => firstRecord(event)?.eventSource === 'aws:sqs',
  async run(event, { invoke, reportFailure }) {
    const records = recordsOf(event);
    // Every id is checked first: a batch whose failures cannot be named must fail as a whole, before any work.
    const ids = records.map((record, index) => nestedString(record.messageId, `Records[${index}].messageId`)!);
    const failed: string[] = [];
    for (const [index, record] of records.entries()) {
      const fifo = typeof record.eventSourceARN === 'string' && record.eventSourceARN.endsWith('.fifo');
      if (fifo && failed.length) failed.push(ids[index]);
      else {
        try {
          await invoke(sqsMessage(record, index), record);
        } catch (err) {
          reportFailure(err, ids[index]);
          failed.push(ids[index]);
        }
      }
    }
    return sqsBatchResponse(failed);
  },
};

function snsMessage(record: Fields, index: number): MessageEventData {
  const sns = objectField(record, 'Sns', `Records[${index}].Sns`);
  return {
    topic: arnName(nestedString(sns.TopicArn, `Records[${index}].Sns.TopicArn`)!),
    id: nestedString(sns.MessageId, `Records[${index}].Sns.MessageId`)!,
    body: nestedString(sns.Message, `Records[${index}].Sns.Message`)!,
    attributes: objectField(sns, 'MessageAttributes', `Records[${index}].Sns.MessageAttributes`),
  };
}

/** SNS delivers one record per invocation; a failure rejects, so SNS retries it. Returns each record's result. */
const sns: TriggerProcessor = {
  trigger: ServerlessTriggerType.MQ,
  source: 'aws:sns',
  matches: (event) => firstRecord(event)?.EventSource === 'aws:sns',
  async run(event, { invoke }) {
    const records = recordsOf(event);
    const messages = records.map(snsMessage);
    const results: unknown[] = [];
    for (const [index, message] of messages.entries()) results.push(await invoke(message, records[index]));
    return results;
  },
};

function s3Record(record: Fields, index: number): ObjectStorageRecord {
  const s3 = objectField(record, 's3', `Records[${index}].s3`);
  const object = objectField(s3, 'object', `Records[${index}].s3.object`);
  return {
    eventName: nestedString(record.eventName, `Records[${index}].eventName`)!,
    bucket: nestedString(objectField(s3, 'bucket', `Records[${index}].s3.bucket`).name, `Records[${index}].s3.bucket.name`)!,
    key: decodeObjectKey(nestedString(object.key, `Records[${index}].s3.object.key`)!),
    size: typeof object.size === 'number' ? object.size : undefined,
    etag: nestedString(object.eTag, `Records[${index}].s3.object.eTag`, true),
    region: nestedString(record.awsRegion, `Records[${index}].awsRegion`, true),
    time: nestedString(record.eventTime, `Records[${index}].eventTime`, true),
  };
}

/** All records of a notification in one invocation. */
const s3: TriggerProcessor = {
  trigger: ServerlessTriggerType.OS,
  source: 'aws:s3',
  matches: (event) => firstRecord(event)?.eventSource === 'aws:s3',
  run: (event, { invoke }) => invoke({ records: recordsOf(event).map(s3Record) }, event),
};

/** `arn:aws:events:<region>:<account>:rule/[<bus>/]<name>` → `<name>`. */
function ruleName(resources: unknown): string | undefined {
  const arn = Array.isArray(resources) ? resources.find((item) => typeof item === 'string' && item.includes(':rule/')) : undefined;
  return arn === undefined ? undefined : arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * EventBridge schedule rule. The event carries no payload of its own (`detail` is `{}`), so the payload is the
 * one the function's timer trigger declares, as in server mode: the timer whose name is the rule's (wick host
 * names its rules so), else the function's first timer.
 */
const schedule: TriggerProcessor = {
  trigger: ServerlessTriggerType.TIMER,
  source: 'aws:events',
  matches: (event) => isObject(event) && event.source === 'aws.events' && event['detail-type'] === 'Scheduled Event',
  run(event, { fn, invoke }) {
    const rule = ruleName((event as Fields).resources);
    const timers = timerTriggers([fn]);
    const timer = timers.find((candidate) => candidate.triggerName === rule) ?? timers[0];
    const data: TimerEventData = {
      triggerName: rule,
      time: nestedString((event as Fields).time, 'time')!,
      payload: timer?.options.payload,
    };
    return invoke(data, event);
  },
};

export const EVENT_SOURCES: EventSources = {
  processors: [sqs, sns, s3, schedule],
  // `aws lambda invoke`, Step Functions, the SDK.
  direct: directInvocation('aws:lambda'),
  recognised: 'an HTTP request (API Gateway, Function URL, ALB) nor an SQS, SNS, S3 or EventBridge schedule event',
};
