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

interface PlatformCase {
  name: string;
  createHandler: typeof awsHandler;
  context(requestId?: string): unknown;
  /** The payload as the runtime hands it over (FC: a Buffer of JSON), and the source a direct invocation gets. */
  send(payload: unknown): unknown;
  directSource: string;
  /** Documented payloads of other triggers, with the trigger and source each is normalized to. */
  triggers: [trigger: ServerlessTriggerType, source: string, fixture: unknown][];
}

const PLATFORMS: PlatformCase[] = [
  {
    name: 'AWS Lambda',
    createHandler: awsHandler,
    context: lambdaContext,
    send: (payload) => payload,
    directSource: 'aws:lambda',
    triggers: [
      [ServerlessTriggerType.OS, 'aws:s3', awsFixture('s3-put-doc.json')],
      [ServerlessTriggerType.TIMER, 'aws:events', awsFixture('eventbridge-scheduled-event-doc.json')],
    ],
  },
  {
    name: 'Aliyun FC',
    createHandler: aliyunHandler,
    context: fcContext,
    send: asBuffer,
    directSource: 'aliyun:invoke',
    triggers: [
      [ServerlessTriggerType.TIMER, 'aliyun:timer', aliyunFixture('timer-trigger-doc.json')],
      [ServerlessTriggerType.OS, 'aliyun:oss', aliyunFixture('oss-trigger-doc.json')],
    ],
  },
  {
    name: 'Tencent SCF',
    createHandler: tencentHandler,
    context: scfContext,
    send: (payload) => payload,
    directSource: 'tencent:invoke',
    triggers: [
      [ServerlessTriggerType.TIMER, 'tencent:timer', tencentFixture('timer-trigger-doc.json')],
      [ServerlessTriggerType.OS, 'tencent:cos', tencentFixture('cos-trigger-doc.json')],
    ],
  },
];

describe.each(PLATFORMS)('$name: what an event handler is handed', (platform) => {
  const handler = () => platform.createHandler(app, { functionName: 'origin' });

  it('calls an EVENT handler with the invocation payload itself; the context holds the envelope, the event as sent and the platform context', async () => {
    const payload = { orderId: 7, items: ['pen'] };
    const event = platform.send(payload);
    const context = platform.context('direct-1');
    await handler()(event, context);
    expect(seen()).toHaveLength(1);
    const [sighting] = seen();
    expect(sighting.argument).toEqual(payload);
    expect(sighting.trigger).toBe(ServerlessTriggerType.EVENT);
    expect(sighting.event).toEqual({ trigger: ServerlessTriggerType.EVENT, source: platform.directSource, data: payload, raw: payload, requestId: 'direct-1' });
    expect(sighting.originEvent).toBe(event);
    expect(sighting.originContext).toBe(context);
  });

  it.each(platform.triggers)('calls a %s handler with the normalized event (%s), raw being the payload read and the origin what was sent', async (trigger, source, fixture) => {
    const event = platform.send(fixture);
    const context = platform.context();
    await handler()(event, context);
    expect(seen()).toHaveLength(1);
    const [sighting] = seen();
    expect(sighting.argument).toBe(sighting.event);
    expect(sighting.event).toMatchObject({ trigger, source, raw: fixture });
    expect(sighting.originEvent).toBe(event);
    expect(sighting.originContext).toBe(context);
  });
});

describe('AWS Lambda batches', () => {
  it('calls an MQ handler once per SQS record with the normalized message; the record is its raw, the whole batch the origin event', async () => {
    const event = awsFixture('sqs-two-records-doc.json');
    await awsHandler(app, { functionName: 'origin' })(event, lambdaContext());
    expect(seen()).toHaveLength(2);
    seen().forEach((sighting, index) => {
      expect(sighting.argument).toBe(sighting.event);
      expect(sighting.event).toMatchObject({ trigger: ServerlessTriggerType.MQ, source: 'aws:sqs', data: { id: event.Records[index].messageId } });
      expect(sighting.event.raw).toBe(event.Records[index]);
      expect(sighting.originEvent).toBe(event);
    });
  });
});
