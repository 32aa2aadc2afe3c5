import { describe, expect, it, vi } from 'vitest';
import { createApp } from 'wick/testing';
import { ServerlessTriggerType, type WickEvent } from 'wick';
import { createHandler } from '../../../adapters/aliyun-fc/index.js';
import { fixtureApp } from '../../helpers/paths.js';
import { asBuffer, fcContext, fixture, useConformanceApp } from './platform.js';

const booted = useConformanceApp();

/** Invokes with the payload as the runtime sends it; returns the function's result and the WickEvent it got. */
async function invoke(payload: unknown, context: unknown = fcContext('fc-event-1')) {
  const spy = vi.spyOn(booted.app.functions, 'invokeEvent');
  try {
    const result = await booted.handler(payload, context);
    const [functionName, event] = spy.mock.calls[0] as [string, WickEvent<any>];
    return { result, functionName, event };
  } finally {
    spy.mockRestore();
  }
}

function ossEventWithKeys(...keys: string[]) {
  const event = fixture('oss-trigger-doc.json');
  const [template] = event.events;
  event.events = keys.map((key) => ({ ...template, oss: { ...template.oss, object: { ...template.oss.object, key } } }));
  return event;
}

describe('aliyun timer trigger', () => {
  it('runs the timer function with the trigger name, time and message of the documented event', async () => {
    const payload = fixture('timer-trigger-doc.json');
    const { result, functionName, event } = await invoke(asBuffer(payload));
    expect(functionName).toBe('eventFunctions-nightly');
    expect(event).toEqual({
      trigger: ServerlessTriggerType.TIMER,
      source: 'aliyun:timer',
      data: { triggerName: 'timer-trigger', time: '2023-12-26T07:49:00Z', payload: 'awesome-fc' },
      raw: payload,
      requestId: 'fc-event-1',
    });
    expect(result).toEqual({ ran: 'awesome-fc' });
  });

  it('leaves the payload out when the trigger has no message', async () => {
    const { triggerTime, triggerName } = fixture('timer-trigger-doc.json');
    const { event } = await invoke(asBuffer({ triggerTime, triggerName }));
    expect(event.data).toEqual({ triggerName: 'timer-trigger', time: '2023-12-26T07:49:00Z', payload: undefined });
  });
});

describe('aliyun OSS trigger', () => {
  it('turns the documented notification into one object-storage event', async () => {
    const payload = fixture('oss-trigger-doc.json');
    const { result, functionName, event } = await invoke(asBuffer(payload));
    expect(functionName).toBe('eventFunctions-upload');
    expect(event).toMatchObject({ trigger: ServerlessTriggerType.OS, source: 'aliyun:oss', raw: payload, requestId: 'fc-event-1' });
    expect(event.data.records).toEqual([
      {
        eventName: 'ObjectCreated:PutObject',
        bucket: 'testbucket',
        key: 'source/a.png',
        size: 122539,
        etag: '688A7BF4F233DC9C88A80BF985AB****',
        region: 'cn-hangzhou',
        time: '2022-08-13T06:45:43.000Z',
      },
    ]);
    expect(result).toEqual({ keys: ['source/a.png'], function: 'eventFunctions-upload' });
  });

  it('passes every record of one notification in one event', async () => {
    const { result } = await invoke(asBuffer(ossEventWithKeys('a.txt', 'dir/b.txt', 'c.txt')));
    expect(result).toMatchObject({ keys: ['a.txt', 'dir/b.txt', 'c.txt'] });
  });

  it('decodes percent-encoded keys', async () => {
    const { result } = await invoke(asBuffer(ossEventWithKeys('photos/%E4%B8%AD%E6%96%87%20%E5%9B%BE.png', 'a%2Bb.txt')));
    expect(result).toMatchObject({ keys: ['photos/中文 图.png', 'a+b.txt'] });
  });

  it('keeps odd keys as they are (a stray %, an empty key, plain unicode), and reads + as a space, as S3 and COS keys are read', async () => {
    const keys = ['report 100%.csv', '50%off/%zz', '', 'données/été.txt'];
    const { result } = await invoke(asBuffer(ossEventWithKeys(...keys, 'a+b c.txt')));
    expect(result).toMatchObject({ keys: [...keys, 'a b c.txt'] });
  });

  it('leaves out a size or ETag that is missing or of the wrong type', async () => {
    const payload = fixture('oss-trigger-doc.json');
    payload.events[0].oss.object = { key: 'x.bin', size: 'big' };
    delete payload.events[0].region;
    const { event } = await invoke(asBuffer(payload));
    expect(event.data.records[0]).toEqual({
      eventName: 'ObjectCreated:PutObject',
      bucket: 'testbucket',
      key: 'x.bin',
      size: undefined,
      etag: undefined,
      region: undefined,
      time: '2022-08-13T06:45:43.000Z',
    });
  });
});

describe('aliyun direct invocation', () => {
  it('passes any other JSON payload to the EVENT function as it is', async () => {
    const payload = { orderId: 42, items: ['pen'] };
    const { result, functionName, event } = await invoke(asBuffer(payload));
    expect(functionName).toBe('eventFunctions-direct');
    expect(event).toEqual({ trigger: ServerlessTriggerType.EVENT, source: 'aliyun:invoke', data: payload, raw: payload, requestId: 'fc-event-1' });
    expect(result).toEqual({ received: payload, requestId: 'fc-event-1' });
  });

  it('passes arrays, numbers, strings and null as they are, whether sent as a Buffer, a string or a value', async () => {
    for (const payload of [[1, 2], 7, 'hello', null, { nested: { deep: true } }]) {
      expect(await booted.handler(asBuffer(payload), fcContext('r'))).toEqual({ received: payload, requestId: 'r' });
      expect(await booted.handler(JSON.stringify(payload), fcContext('r'))).toEqual({ received: payload, requestId: 'r' });
    }
    expect(await booted.handler({ a: 1 }, fcContext('r'))).toEqual({ received: { a: 1 }, requestId: 'r' });
  });

  it('treats an empty payload as an invocation without input', async () => {
    const { result, event } = await invoke(Buffer.alloc(0));
    expect(event.data).toBeUndefined();
    expect(result).toEqual({ requestId: 'fc-event-1' });
  });

  it('invokes the function the handler was built for, whatever the trigger, with the normalized event of that trigger', async () => {
    const direct = createHandler(booted.app, { functionName: 'eventFunctions-direct' });
    const timer = { triggerTime: 'now', triggerName: 't' };
    expect(await direct(asBuffer(timer), fcContext('r'))).toEqual({
      received: { trigger: ServerlessTriggerType.TIMER, source: 'aliyun:timer', data: { triggerName: 't', time: 'now', payload: undefined }, raw: timer, requestId: 'r' },
      requestId: 'r',
    });
  });

  it('uses a generated request id when the context has none', async () => {
    const result = (await booted.handler(asBuffer({ x: 1 }))) as { requestId: string };
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('aliyun event rejections', () => {
  it('rejects a direct invocation clearly when no function takes one', async () => {
    const plain = await createApp(fixtureApp('di'), { config: { logger: { level: 'silent' }, accessLog: { enable: false } } });
    try {
      await expect(createHandler(plain)(asBuffer({ x: 1 }), fcContext())).rejects.toThrow('no function has a event trigger');
    } finally {
      await plain.close();
    }
  });

  it('rejects a timer event sent to a function that has only HTTP triggers', async () => {
    const greet = createHandler(booted.app, { functionName: 'greet' });
    await expect(greet(asBuffer(fixture('timer-trigger-doc.json')), fcContext())).rejects.toThrow(
      'function greet has only HTTP triggers; invoke it with an HTTP request',
    );
  });
});
