import { describe, expect, it, vi } from 'vitest';
import { ServerlessTriggerType, type WickEvent } from 'wick';
import { close, createFunctionApp } from 'wick/testing';
import { Fired } from '../../fixtures/apps/two-timers/src/timers.js';
import { fixtureApp } from '../../helpers/paths.js';
import { fixture, lambdaContext, useConformanceApp } from './platform.js';

const aws = useConformanceApp();

/** Spies on the core so a test sees each WickEvent the adapter built, and which function it went to. */
function watchEvents() {
  const invokeEvent = vi.spyOn(aws.app.functions, 'invokeEvent');
  return () => invokeEvent.mock.calls.map(([name, event]) => ({ name, event: event as WickEvent<any> }));
}

describe('SQS', () => {
  it('invokes the MQ function once per record and returns an empty batchItemFailures when all succeed', async () => {
    const event = fixture('sqs-two-records-doc.json');
    const calls = watchEvents();
    const result = await aws.handler(event, lambdaContext('sqs-req'));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(calls().map(({ name }) => name)).toEqual(['eventFunctions-order', 'eventFunctions-order']);
    expect(calls()[0].event).toEqual({
      trigger: ServerlessTriggerType.MQ,
      source: 'aws:sqs',
      data: { topic: 'my-queue', id: '059f36b4-87a3-44ab-83d2-661975830a7d', body: 'Test message.', attributes: event.Records[0].attributes },
      raw: event.Records[0],
      requestId: 'sqs-req',
    });
    expect(calls()[1].event.data.id).toBe('2e1424d4-f796-459a-8184-9c92662be6da');
  });

  it('lists only the failing record in batchItemFailures, in the documented shape', async () => {
    const event = fixture('sqs-two-records-doc.json');
    event.Records[0].body = 'please fail this one';
    const logged = vi.spyOn(aws.app.logger, 'error');
    const result = await aws.handler(event, lambdaContext());
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '059f36b4-87a3-44ab-83d2-661975830a7d' }] });
    const documented = fixture('responses/sqs-batch-item-failures-doc.json');
    expect(Object.keys(result as object)).toEqual(Object.keys(documented));
    expect(Object.keys((result as any).batchItemFailures[0])).toEqual(Object.keys(documented.batchItemFailures[0]));
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ itemId: '059f36b4-87a3-44ab-83d2-661975830a7d' }), expect.stringContaining('failed'));
  });

  it('a record that cannot be read fails alone, as a batch item', async () => {
    const event = fixture('sqs-two-records-doc.json');
    event.Records[1].body = { not: 'a string' };
    expect(await aws.handler(event, lambdaContext())).toEqual({ batchItemFailures: [{ itemIdentifier: '2e1424d4-f796-459a-8184-9c92662be6da' }] });
  });

  it('FIFO queue: stops at the first failure and reports it and every later record unprocessed', async () => {
    const event = fixture('sqs-two-records-doc.json');
    const third = { ...structuredClone(event.Records[1]), messageId: 'third' };
    event.Records.push(third);
    for (const record of event.Records) record.eventSourceARN = 'arn:aws:sqs:us-east-2:123456789012:orders.fifo';
    event.Records[1].body = 'fail';
    const calls = watchEvents();
    const result = await aws.handler(event, lambdaContext());
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2e1424d4-f796-459a-8184-9c92662be6da' }, { itemIdentifier: 'third' }] });
    expect(calls()).toHaveLength(2);
    expect(calls()[0].event.data.topic).toBe('orders.fifo');
  });
});

describe('SNS', () => {
  it('invokes the MQ function per record with the topic name, message id and message', async () => {
    const event = fixture('sns-notification-doc.json');
    const calls = watchEvents();
    expect(await aws.handler(event, lambdaContext('sns-req'))).toEqual([{ processed: '95df01b4-ee98-5cb9-9903-4c221d41eb5e' }]);
    expect(calls()[0]).toEqual({
      name: 'eventFunctions-order',
      event: {
        trigger: ServerlessTriggerType.MQ,
        source: 'aws:sns',
        data: { topic: 'sns-lambda', id: '95df01b4-ee98-5cb9-9903-4c221d41eb5e', body: 'Hello from SNS!', attributes: event.Records[0].Sns.MessageAttributes },
        raw: event.Records[0],
        requestId: 'sns-req',
      },
    });
  });

  it('rejects when the function fails, so SNS retries the delivery', async () => {
    const event = fixture('sns-notification-doc.json');
    event.Records[0].Sns.Message = 'fail';
    await expect(aws.handler(event, lambdaContext())).rejects.toThrow('cannot process message 95df01b4-ee98-5cb9-9903-4c221d41eb5e');
  });
});

describe('S3', () => {
  it('invokes the OS function once with every record and the documented fields', async () => {
    const event = fixture('s3-put-doc.json');
    const calls = watchEvents();
    const result = await aws.handler(event, lambdaContext('s3-req'));
    expect(result).toEqual({ keys: ['b21b84d653bb07b05b1e6b33684dc11b'], function: 'eventFunctions-upload' });
    expect(calls()[0].event).toMatchObject({
      trigger: ServerlessTriggerType.OS,
      source: 'aws:s3',
      raw: event,
      requestId: 's3-req',
      data: {
        records: [{
          eventName: 'ObjectCreated:Put', bucket: 'DOC-EXAMPLE-BUCKET', key: 'b21b84d653bb07b05b1e6b33684dc11b', size: 1305107,
          etag: 'b21b84d653bb07b05b1e6b33684dc11b', region: 'us-east-2', time: '2019-09-03T19:37:27.192Z',
        }],
      },
    });
  });

  it('URL-decodes keys (+ is a space), and keeps a key that is not valid percent-encoding instead of crashing', async () => {
    const event = fixture('s3-put-doc.json');
    const second = structuredClone(event.Records[0]);
    const third = structuredClone(event.Records[0]);
    event.Records[0].s3.object.key = 'photos/summer+trip/caf%C3%A9+%282024%29.jpg';
    second.s3.object.key = '100%+sure%zz%E2%82';
    third.s3.object.key = 'a%2Bb+c';
    event.Records.push(second, third);
    expect(await aws.handler(event, lambdaContext())).toMatchObject({ keys: ['photos/summer trip/café (2024).jpg', '100% sure%zz%E2%82', 'a+b c'] });
  });
});

describe('EventBridge schedule', () => {
  it('invokes the TIMER function with the event time, the rule name and the payload its trigger declares', async () => {
    const event = fixture('eventbridge-scheduled-event-doc.json');
    const calls = watchEvents();
    expect(await aws.handler(event, lambdaContext('timer-req'))).toEqual({ ran: 'nightly' });
    expect(calls()[0]).toEqual({
      name: 'eventFunctions-nightly',
      event: {
        trigger: ServerlessTriggerType.TIMER,
        source: 'aws:events',
        data: { triggerName: 'my-schedule', time: '2019-03-01T01:23:45Z', payload: 'nightly' },
        raw: event,
        requestId: 'timer-req',
      },
    });
  });

  it("hands a function on two timers the payload of the timer the rule is named after, as server mode does", async () => {
    const app = await createFunctionApp(fixtureApp('two-timers'), { config: { accessLog: { enable: false } } });
    try {
      const fired = async (rule: string) => {
        const event = { ...fixture('eventbridge-scheduled-event-doc.json'), resources: [`arn:aws:events:us-east-1:123456789012:rule/${rule}`] };
        await app.invoke('twice', event, { platform: 'aws' });
        const { events } = await app.container.getAsync(Fired);
        return events.at(-1)!.data;
      };
      // Decorators apply bottom-up, so the lower trigger ('slow') is the function's first timer, `twice`.
      expect(await fired('twice-2')).toMatchObject({ triggerName: 'twice-2', payload: 'fast' });
      expect(await fired('twice')).toMatchObject({ triggerName: 'twice', payload: 'slow' });
      // A rule named otherwise (a cloud's generated name): the function's first timer.
      expect(await fired('stack-TwiceTimer-1A2B3C')).toMatchObject({ payload: 'slow' });
    } finally {
      await close(app);
    }
  });

  it('takes the rule name from a rule on a custom event bus', async () => {
    const event = fixture('eventbridge-scheduled-event-doc.json');
    event.resources = ['arn:aws:events:us-east-2:123456789012:rule/orders-bus/hourly-sweep'];
    const calls = watchEvents();
    await aws.handler(event, lambdaContext());
    expect(calls()[0].event.data.triggerName).toBe('hourly-sweep');
  });
});

describe('direct invocation', () => {
  it('hands any other payload to the EVENT function as it is, with the Lambda request id', async () => {
    const calls = watchEvents();
    expect(await aws.handler({ orderId: 7, action: 'recount' }, lambdaContext('direct-req'))).toEqual({
      received: { orderId: 7, action: 'recount' },
      requestId: 'direct-req',
    });
    expect(calls()[0].event).toMatchObject({ trigger: ServerlessTriggerType.EVENT, source: 'aws:lambda', raw: { orderId: 7, action: 'recount' } });
  });

  it('passes scalar JSON payloads too: a string, a number, null', async () => {
    for (const payload of ['hello', 42, null]) expect(await aws.handler(payload, lambdaContext())).toMatchObject({ received: payload });
  });

  it('an EventBridge event that is not a schedule is a direct invocation, not a timer', async () => {
    const event = { ...fixture('eventbridge-scheduled-event-doc.json'), source: 'com.example.orders', 'detail-type': 'OrderPlaced' };
    expect(await aws.handler(event, lambdaContext())).toMatchObject({ received: event });
  });
});
