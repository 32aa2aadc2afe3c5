import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WickApplication } from 'wick';
import { type PlatformHandler } from '../../adapters/common/platform.js';
import { createHandler as awsHandler } from '../../adapters/aws-lambda/index.js';
import { createHandler as aliyunHandler } from '../../adapters/aliyun-fc/index.js';
import { createHandler as tencentHandler } from '../../adapters/tencent-scf/index.js';
import { bootConformanceApp } from '../conformance/targets.js';
import { fuzzRuns } from '../helpers/fuzz.js';
import { fixtureReader } from './shared.js';
import { lambdaContext } from './aws-lambda/platform.js';
import { fcContext } from './aliyun-fc/platform.js';
import { scfContext } from './tencent-scf/platform.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const PLATFORMS = [
  { name: 'aws', folder: 'aws', createHandler: awsHandler, context: () => lambdaContext('fuzz-1') },
  { name: 'aliyun', folder: 'aliyun', createHandler: aliyunHandler, context: () => fcContext('fuzz-1') },
  { name: 'tencent', folder: 'tencent', createHandler: tencentHandler, context: () => scfContext('fuzz-1') },
] as const;

/** Every place in an event a mutation can hit: each key and list item, however deep. */
function pathsOf(value: Json, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  const children = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [at, ...children.flatMap(([key, child]) => pathsOf(child, [...at, key]))];
}

const DELETE = Symbol('delete');

/** What a broken or hostile platform could send in any field: numbers no Date can hold, wrong types, huge text, prototype names. */
const hostileValue = fc.oneof(
  fc.constantFrom<Json | typeof DELETE>(DELETE, null, true, 0, -1, 1.5, 1e300, -1e300, 8.64e15, Number.MAX_SAFE_INTEGER, '', '%', '%E0%A4', '__proto__', 'x'.repeat(20_000), [], {}, ['a', 1], { __proto__: 'x' }),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
);

/** Applies the edits to a copy of each hostile value: fast-check hands out the same constant objects, and a platform event is a tree (JSON), never a cycle. */
function mutate(event: Json, paths: Path[], edits: [number, Json | typeof DELETE][]): Json {
  for (const [pick, hostile] of edits) {
    const value = hostile === DELETE ? hostile : structuredClone(hostile);
    const path = paths[pick % paths.length];
    if (path.length === 0) {
      if (value !== DELETE) event = value;
      continue;
    }
    let parent: any = event;
    for (const key of path.slice(0, -1)) parent = parent?.[key];
    if (parent === null || typeof parent !== 'object') continue;
    const last = path.at(-1)!;
    if (value === DELETE) delete parent[last];
    else parent[last] = value;
  }
  return event;
}

/** Whether an error came from the app's own code (the conformance app has a route and an event function that throw on purpose). */
const fromTheApp = (stack: unknown) => typeof stack === 'string' && stack.includes('/fixtures/apps/conformance/');

/** The answer's status when it is an HTTP result in any platform's format (statusCode, or FC's `statusCode` too). */
function httpStatus(result: unknown): number | undefined {
  const status = (result as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function bodyStack(result: unknown): unknown {
  try {
    const raw = (result as { body?: string; isBase64Encoded?: boolean }).body ?? '';
    const text = (result as { isBase64Encoded?: boolean }).isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    return JSON.parse(text).error?.details?.stack?.join('\n');
  } catch {
    return undefined;
  }
}

describe('adapters over mutated platform events', () => {
  let app: WickApplication;
  beforeAll(async () => {
    app = await bootConformanceApp();
  });
  afterAll(() => app.close());

  describe.each(PLATFORMS)('$name', ({ folder, createHandler, context }) => {
    const read = fixtureReader(folder);
    const fixtures = readdirSync(new URL(`../fixtures/events/${folder}/`, import.meta.url)).filter((name) => name.endsWith('.json'));

    it.each(fixtures)('answers every mutation of %s with a result, a 4xx or the app’s own error, never an adapter failure', async (name) => {
      let handler: PlatformHandler | undefined;
      const paths = pathsOf(read<Json>(name));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.nat(), hostileValue), { minLength: 1, maxLength: 3 }), async (edits) => {
          handler ??= createHandler(app) as PlatformHandler;
          const event = mutate(read<Json>(name), paths, edits);
          try {
            const result = await handler(event, context());
            const status = httpStatus(result);
            if (status !== undefined && status >= 500) expect(fromTheApp(bodyStack(result)), `${status} for ${JSON.stringify(event).slice(0, 400)}`).toBe(true);
          } catch (err) {
            const status = (err as { status?: unknown }).status;
            if (typeof status === 'number' && status >= 400 && status < 500) return;
            expect(fromTheApp((err as Error).stack), `${String(err)} for ${JSON.stringify(event).slice(0, 400)}`).toBe(true);
          }
        }),
        { numRuns: fuzzRuns(40) },
      );
    });
  });
});

describe('platform times no Date can hold', () => {
  let app: WickApplication;
  beforeAll(async () => {
    app = await bootConformanceApp();
  });
  afterAll(() => app.close());

  it.each([1e300, -1e300, 8.64e12 + 1])('rejects a Tencent COS eventTime of %d seconds as a malformed event (400), not a RangeError', async (eventTime) => {
    const event = fixtureReader('tencent')<any>('cos-trigger-doc.json');
    event.Records[0].event.eventTime = eventTime;
    const failure = await tencentHandler(app)(event, scfContext()).then(() => undefined, (err: unknown) => err);
    expect(failure).toMatchObject({ status: 400, message: `malformed event: Records[0].event.eventTime must be Unix seconds, got ${eventTime}` });
  });
});

describe('header maps with many spellings of one name', () => {
  let app: WickApplication;
  beforeAll(async () => {
    app = await bootConformanceApp();
  });
  afterAll(() => app.close());

  // Merged by copying the list per duplicate, these 2^15 spellings took ~5 minutes; grown in place, milliseconds.
  it('merges 2^15 spellings of one header name in one pass and answers the oversized head with 431', async () => {
    const event = fixtureReader('aws')<any>('apigw-v1-post-json-body.json');
    const name = 'x-abcdefghijklmno';
    for (let mask = 0; mask < 2 ** 15; mask++) {
      event.headers[[...name].map((char, index) => ((mask >> (index - 2)) & 1 && index >= 2 ? char.toUpperCase() : char)).join('')] = 'v';
    }
    event.multiValueHeaders = undefined;
    const result = (await awsHandler(app)(event, lambdaContext('many-1'))) as { statusCode: number };
    expect(result.statusCode).toBe(431);
  });
});
