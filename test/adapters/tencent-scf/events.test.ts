import { describe, expect, it, vi } from 'vitest';
import { ServerlessTriggerType, type WickEvent } from 'wick';
import { createHandler } from '../../../adapters/tencent-scf/index.js';
import { fixture, scfContext, useConformanceApp } from './platform.js';

const tencent = useConformanceApp();
const handler = (event: unknown, context?: unknown) => tencent.handler(event, context);

/** The WickEvent the handler hands the function for a platform event. */
async function toWickEvent(event: unknown, requestId?: string): Promise<WickEvent> {
  const invokeEvent = vi.spyOn(tencent.app.functions, 'invokeEvent');
  await handler(event, requestId === undefined ? {} : scfContext(requestId));
  expect(invokeEvent).toHaveBeenCalledTimes(1);
  return invokeEvent.mock.calls[0][1];
}

describe('tencent-scf timer trigger', () => {
  it('normalizes the documented timer event: TriggerName, Time and Message as the payload', async () => {
    const event = fixture('timer-trigger-doc.json');
    expect(await toWickEvent(event, 'scf-timer-1')).toEqual({
      trigger: ServerlessTriggerType.TIMER,
      source: 'tencent:timer',
      data: { triggerName: 'EveryDay', time: '2019-02-21T11:49:00Z', payload: 'user define msg body' },
      raw: fixture('timer-trigger-doc.json'),
      requestId: 'scf-timer-1',
    });
  });

  it('runs the TIMER-triggered function with the trigger message', async () => {
    expect(await handler(fixture('timer-trigger-doc.json'), scfContext())).toEqual({ ran: 'user define msg body' });
  });

  it('runs the function named in the handler options', async () => {
    const named = createHandler(tencent.app, { functionName: 'eventFunctions-nightly' });
    expect(await named(fixture('timer-trigger-doc.json'), scfContext())).toEqual({ ran: 'user define msg body' });
  });
});

describe('tencent-scf COS trigger', () => {
  it('normalizes the documented COS event, with the key stripped of its /appid/bucket/ prefix', async () => {
    expect(await toWickEvent(fixture('cos-trigger-doc.json'))).toMatchObject({
      trigger: ServerlessTriggerType.OS,
      source: 'tencent:cos',
      data: {
        records: [{ eventName: 'cos:ObjectCreated:*', bucket: 'testpic', key: 'testfile', size: 1029, region: 'cd', time: '2018-12-19T07:49:30.000Z' }],
      },
    });
  });

  it('URL-decodes object keys', async () => {
    const event = fixture('cos-trigger-doc.json');
    event.Records[0].cos.cosObject.key = '/1253970026/testpic/photos/%E6%B5%8B%E8%AF%95%20a%2Bb.jpg';
    expect((await toWickEvent(event)).data).toMatchObject({ records: [{ key: 'photos/测试 a+b.jpg' }] });
  });

  it('strips the prefix when cosBucket.name is the full <name>-<appid> form', async () => {
    const event = fixture('cos-trigger-doc.json');
    event.Records[0].cos.cosBucket.name = 'testpic-1253970026';
    expect((await toWickEvent(event)).data).toMatchObject({ records: [{ bucket: 'testpic-1253970026', key: 'testfile' }] });
  });

  it('runs the OS-triggered function', async () => {
    expect(await handler(fixture('cos-trigger-doc.json'), scfContext())).toEqual({ keys: ['testfile'], function: 'eventFunctions-upload' });
  });
});

describe('tencent-scf direct invocation', () => {
  it('hands an unrecognised object to the EVENT-triggered function untouched, with the SCF request id', async () => {
    const payload = { orderId: 7, items: ['pen'] };
    expect(await handler(payload, scfContext('scf-direct-1'))).toEqual({ received: payload, requestId: 'scf-direct-1' });
  });

  it('hands over non-object payloads too: a string, a number, an array, null', async () => {
    for (const payload of ['hello', 42, [1, 2], null]) {
      expect(await handler(payload, scfContext())).toMatchObject({ received: payload });
    }
  });

  it('treats an object with Records of another service as a direct invocation', async () => {
    expect((await toWickEvent({ Records: [{ CMQ: { topicName: 't', msgBody: 'm' } }] })).trigger).toBe(ServerlessTriggerType.EVENT);
  });
});
