import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServerlessTriggerType, type WickApplication } from 'wick';
import { createApp } from 'wick/testing';
import { createHandler as awsHandler } from '../../adapters/aws-lambda/index.js';
import { createHandler as aliyunHandler } from '../../adapters/aliyun-fc/index.js';
import { createHandler as tencentHandler } from '../../adapters/tencent-scf/index.js';
import { fixtureApp } from '../helpers/paths.js';
import { Sightings, type Sighting } from '../fixtures/apps/functions/src/origins.js';
import { fixture as awsFixture, lambdaContext } from './aws-lambda/platform.js';
import { asBuffer, fcContext, fixture as aliyunFixture } from './aliyun-fc/platform.js';
import { fixture as tencentFixture, scfContext } from './tencent-scf/platform.js';

/*
 * The `origin` function (test/fixtures/apps/functions/src/origins.ts) records what each invocation hands it, so these
 * tests compare that with exactly what the platform's runtime passed: the event object and the context object.
 */
let app: WickApplication;
let sightings: Sightings;
beforeAll(async () => {
  app = await createApp(fixtureApp('functions'), { config: { accessLog: { enable: false } } });
  sightings = await app.container.getAsync(Sightings);
});
afterAll(() => app.close());
beforeEach(() => {
  sightings.seen.length = 0;
});

const seen = (): Sighting[] => sightings.seen;

describe('AWS Lambda: what an event handler is handed', () => {
  const handler = () => awsHandler(app, { functionName: 'origin' });

  it('calls an EVENT handler with the invocation payload itself; the context holds the envelope, the event and the Lambda context', async () => {
    const payload = { orderId: 7 };
    const context = lambdaContext('aws-direct-1');
    await handler()(payload, context);
    const [sighting] = seen();
    expect(sighting.argument).toBe(payload);
    expect(sighting.trigger).toBe(ServerlessTriggerType.EVENT);
    expect(sighting.event).toEqual({ trigger: ServerlessTriggerType.EVENT, source: 'aws:lambda', data: payload, raw: payload, requestId: 'aws-direct-1' });
    expect(sighting.originEvent).toBe(payload);
    expect(sighting.originContext).toBe(context);
  });

  it('calls an MQ handler once per SQS record with the normalized message; the record is its raw, the whole batch the origin event', async () => {
    const event = awsFixture('sqs-two-records-doc.json');
    await handler()(event, lambdaContext());
    expect(seen()).toHaveLength(2);
    seen().forEach((sighting, index) => {
      expect(sighting.argument).toBe(sighting.event);
      expect(sighting.event).toMatchObject({ trigger: ServerlessTriggerType.MQ, source: 'aws:sqs', data: { id: event.Records[index].messageId } });
      expect(sighting.event.raw).toBe(event.Records[index]);
      expect(sighting.originEvent).toBe(event);
    });
  });

  it.each([
    ['s3-put-doc.json', ServerlessTriggerType.OS, 'aws:s3'],
    ['eventbridge-scheduled-event-doc.json', ServerlessTriggerType.TIMER, 'aws:events'],
  ])('calls the handler for %s with the normalized event, and keeps the event as the origin', async (name, trigger, source) => {
    const event = awsFixture(name);
    const context = lambdaContext();
    await handler()(event, context);
    const [sighting] = seen();
    expect(sighting.argument).toBe(sighting.event);
    expect(sighting.event).toMatchObject({ trigger, source });
    expect(sighting.originEvent).toBe(event);
    expect(sighting.originContext).toBe(context);
  });
});

describe('Aliyun FC: what an event handler is handed', () => {
  const handler = () => aliyunHandler(app, { functionName: 'origin' });

  it('calls an EVENT handler with the parsed payload; the origin event is the Buffer the runtime passed', async () => {
    const payload = { orderId: 7, items: ['pen'] };
    const event = asBuffer(payload);
    const context = fcContext('fc-direct-1');
    await handler()(event, context);
    const [sighting] = seen();
    expect(sighting.argument).toEqual(payload);
    expect(sighting.event).toMatchObject({ trigger: ServerlessTriggerType.EVENT, source: 'aliyun:invoke', data: payload, requestId: 'fc-direct-1' });
    expect(sighting.originEvent).toBe(event);
    expect(sighting.originContext).toBe(context);
  });

  it.each([
    ['timer-trigger-doc.json', ServerlessTriggerType.TIMER, 'aliyun:timer'],
    ['oss-trigger-doc.json', ServerlessTriggerType.OS, 'aliyun:oss'],
  ])('calls the handler for %s with the normalized event; raw is the parsed payload, the origin the Buffer', async (name, trigger, source) => {
    const payload = aliyunFixture(name);
    const event = asBuffer(payload);
    await handler()(event, fcContext());
    const [sighting] = seen();
    expect(sighting.argument).toBe(sighting.event);
    expect(sighting.event).toMatchObject({ trigger, source, raw: payload });
    expect(sighting.originEvent).toBe(event);
  });
});

describe('Tencent SCF: what an event handler is handed', () => {
  const handler = () => tencentHandler(app, { functionName: 'origin' });

  it('calls an EVENT handler with the invocation payload itself, and keeps the SCF context', async () => {
    const payload = { orderId: 7 };
    const context = scfContext('scf-direct-1');
    await handler()(payload, context);
    const [sighting] = seen();
    expect(sighting.argument).toBe(payload);
    expect(sighting.event).toMatchObject({ trigger: ServerlessTriggerType.EVENT, source: 'tencent:invoke', requestId: 'scf-direct-1' });
    expect(sighting.originEvent).toBe(payload);
    expect(sighting.originContext).toBe(context);
  });

  it.each([
    ['timer-trigger-doc.json', ServerlessTriggerType.TIMER, 'tencent:timer'],
    ['cos-trigger-doc.json', ServerlessTriggerType.OS, 'tencent:cos'],
  ])('calls the handler for %s with the normalized event, and keeps the event as the origin', async (name, trigger, source) => {
    const event = tencentFixture(name);
    await handler()(event, scfContext());
    const [sighting] = seen();
    expect(sighting.argument).toBe(sighting.event);
    expect(sighting.event).toMatchObject({ trigger, source, raw: event });
    expect(sighting.originEvent).toBe(event);
  });
});
