import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { samFiles, samTemplate, type SamFunctionProperties, type SamTemplate } from '../../../adapters/aws-lambda/deploy/sam.js';
import { cron, every, fn, fullManifest, http, manifest, queue, storage } from './manifests.js';

// The published SAM schema (aws/serverless-application-model schema_source/sam.schema.json), JSON Schema draft-04.
const schema = JSON.parse(readFileSync(new URL('../../fixtures/schemas/sam.schema.json', import.meta.url), 'utf8'));
const validate = new AjvDraft04.default({ strict: false, allErrors: true }).compile(schema);

function functionProperties(template: SamTemplate, id: string): SamFunctionProperties {
  const resource = template.Resources[id];
  if (resource?.Type !== 'AWS::Serverless::Function') throw new Error(`${id} is not a function`);
  return resource.Properties;
}

describe('samTemplate', () => {
  it('validates against the published SAM schema', () => {
    const valid = validate(samTemplate(fullManifest()));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('validates as written to YAML and read back', () => {
    const [file] = samFiles(fullManifest());
    expect(validate(parse(file.text))).toBe(true);
  });

  it('fails the schema when a function is broken, proving the validator checks', () => {
    const broken = samTemplate(fullManifest()) as unknown as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    broken.Resources.UserControllerFunction.Properties.Events = { GetUsers: { Type: 'HttpApi', Properties: { Route: '/users' } } };
    broken.Resources.StatsApiFunction.Properties.Nonsense = true;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.length).toBeGreaterThan(0);
  });

  it('declares the template format and the SAM transform', () => {
    const template = samTemplate(fullManifest());
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
  });

  it('writes one function per manifest function with the zip, handler, runtime, memory, timeout and reserved concurrency', () => {
    const template = samTemplate(fullManifest());
    const functions = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::Serverless::Function');
    expect(functions.map(([id]) => id)).toEqual([
      'UserControllerFunction', 'StatsApiFunction', 'ReportTaskHourlyFunction', 'AvatarTaskResizeFunction', 'OrderTaskOnOrderFunction', 'AdminTaskRebuildFunction',
    ]);
    expect(functionProperties(template, 'UserControllerFunction')).toMatchObject({
      CodeUri: 'artifacts/userController.zip',
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      MemorySize: 256,
      Timeout: 10,
      ReservedConcurrentExecutions: 5,
    });
    expect(functionProperties(template, 'AdminTaskRebuildFunction')).toMatchObject({ MemorySize: 1024, Timeout: 3 });
  });

  it('reserves concurrency only for a function whose maxInstances the app set, never for the default', () => {
    const template = samTemplate(fullManifest());
    expect(functionProperties(template, 'UserControllerFunction').ReservedConcurrentExecutions).toBe(5);
    for (const id of ['StatsApiFunction', 'ReportTaskHourlyFunction', 'AdminTaskRebuildFunction']) {
      expect(functionProperties(template, id), id).not.toHaveProperty('ReservedConcurrentExecutions');
    }
    const asked = samTemplate(manifest([fn('capped', [], { maxInstances: 10 })]));
    expect(functionProperties(asked, 'CappedFunction').ReservedConcurrentExecutions).toBe(10);
  });

  it("uses the build's runtime and rejects one Lambda does not offer, naming the choices", () => {
    expect(functionProperties(samTemplate({ ...fullManifest(), runtime: 'nodejs22.x' }), 'StatsApiFunction').Runtime).toBe('nodejs22.x');
    expect(() => samTemplate({ ...fullManifest(), runtime: 'nodejs20.x' })).toThrow('AWS Lambda offers no Node.js runtime "nodejs20.x": choose nodejs24.x, nodejs22.x');
  });

  it('provisions minInstances through an auto-published alias, and only when above 0', () => {
    const template = samTemplate(fullManifest());
    expect(functionProperties(template, 'UserControllerFunction')).toMatchObject({
      AutoPublishAlias: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 },
    });
    expect(functionProperties(template, 'StatsApiFunction')).not.toHaveProperty('AutoPublishAlias');
    expect(functionProperties(template, 'StatsApiFunction')).not.toHaveProperty('ProvisionedConcurrencyConfig');
  });

  it('turns HTTP and API gateway triggers into one HttpApi event per method, with {param} paths and ANY for all', () => {
    const template = samTemplate(fullManifest());
    const events = functionProperties(template, 'UserControllerFunction').Events!;
    expect(Object.values(events).map((event) => [event.Type, event.Properties.Method, event.Properties.Path])).toEqual([
      ['HttpApi', 'GET', '/users'],
      ['HttpApi', 'GET', '/users/{id}'],
      ['HttpApi', 'DELETE', '/users/{id}'],
      ['HttpApi', 'POST', '/users'],
      ['HttpApi', 'ANY', '/any'],
    ]);
    expect(functionProperties(template, 'StatsApiFunction').Events).toEqual({ GetApiStats: { Type: 'HttpApi', Properties: { Path: '/api/stats', Method: 'GET' } } });
    expect(template.Outputs?.ApiUrl.Value).toEqual({ 'Fn::Sub': 'https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/' });
  });

  it('turns a trailing wildcard into a greedy path parameter', () => {
    const template = samTemplate(manifest([fn('files', [http('/files/*path')])]));
    expect(Object.values(functionProperties(template, 'FilesFunction').Events!)[0].Properties.Path).toBe('/files/{path+}');
  });

  it('turns timers into Schedule events with AWS cron and rate expressions', () => {
    const events = functionProperties(samTemplate(fullManifest()), 'ReportTaskHourlyFunction').Events!;
    expect(Object.values(events)).toEqual([
      { Type: 'Schedule', Properties: { Schedule: 'cron(0 * * * ? *)', Enabled: true } },
      { Type: 'Schedule', Properties: { Schedule: 'rate(5 minutes)', Enabled: true } },
    ]);
  });

  it('turns object storage triggers into S3 events on a bucket declared in the template, with key filter rules', () => {
    const template = samTemplate(fullManifest());
    expect(Object.values(functionProperties(template, 'AvatarTaskResizeFunction').Events!)).toEqual([
      {
        Type: 'S3',
        Properties: {
          Bucket: { Ref: 'UploadsBucket' },
          Events: ['s3:ObjectCreated:*'],
          Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'avatars/' }, { Name: 'suffix', Value: '.png' }] } },
        },
      },
    ]);
    expect(template.Resources.UploadsBucket).toEqual({ Type: 'AWS::S3::Bucket', Properties: { BucketName: { Ref: 'UploadsBucketName' } } });
    expect(template.Parameters?.UploadsBucketName).toMatchObject({ Type: 'String', Default: 'uploads' });
  });

  it('declares a bucket once when several functions listen to it, and leaves out an empty filter', () => {
    const template = samTemplate(manifest([fn('a', [storage('uploads', ['ObjectCreated:Put'])]), fn('b', [storage('uploads', ['ObjectRemoved:*'])])]));
    expect(Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::S3::Bucket')).toHaveLength(1);
    const [event] = Object.values(functionProperties(template, 'BFunction').Events!);
    expect(event.Properties).toEqual({ Bucket: { Ref: 'UploadsBucket' }, Events: ['s3:ObjectRemoved:*'] });
  });

  it('turns queue triggers into SQS events on a queue named after the topic, visible for six function timeouts', () => {
    const template = samTemplate(fullManifest());
    expect(Object.values(functionProperties(template, 'OrderTaskOnOrderFunction').Events!)).toEqual([
      { Type: 'SQS', Properties: { Queue: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] } } },
    ]);
    expect(template.Resources.OrdersQueue).toEqual({ Type: 'AWS::SQS::Queue', Properties: { QueueName: { Ref: 'OrdersQueueName' }, VisibilityTimeout: 120 } });
    expect(template.Parameters?.OrdersQueueName).toMatchObject({ Type: 'String', Default: 'orders' });
  });

  it("filters a queue trigger's tags on the SQS event source: the message's tag attribute must be one of them", () => {
    const template = samTemplate(manifest([fn('paid', [queue('orders', ['paid', 'refunded'])])]));
    const [event] = Object.values(functionProperties(template, 'PaidFunction').Events!);
    expect(event.Properties.FilterCriteria).toEqual({ Filters: [{ Pattern: '{"messageAttributes":{"tag":{"stringValue":["paid","refunded"]}}}' }] });
  });

  it('gives a direct-invocation function no events', () => {
    expect(functionProperties(samTemplate(fullManifest()), 'AdminTaskRebuildFunction')).not.toHaveProperty('Events');
  });

  it('derives unique alphanumeric logical ids from function names', () => {
    const template = samTemplate(manifest([fn('user-api', [http('/a')]), fn('user_api', [http('/b')]), fn('user.api', [http('/c')])]));
    expect(Object.keys(template.Resources)).toEqual(['UserApiFunction', 'UserApiFunction2', 'UserApiFunction3']);
    expect(validate(template)).toBe(true);
  });

  it('rejects a route served by two functions', () => {
    expect(() => samTemplate(manifest([fn('a', [http('/users')]), fn('b', [http('/users', 'get')])]))).toThrow(
      /function "b": the route GET \/users is also served by function "a"/,
    );
  });

  it('rejects settings AWS Lambda cannot take, and an unconvertible schedule, naming the function and value', () => {
    expect(() => samTemplate(manifest([fn('big', [], { memorySize: 20_000 })]))).toThrow(/function "big": AWS Lambda takes memorySize from 128 to 10240, got 20000/);
    expect(() => samTemplate(manifest([fn('slow', [], { timeout: 901 })]))).toThrow(/function "slow": AWS Lambda takes timeout from 1 to 900/);
    expect(() => samTemplate(manifest([fn('tick', [every('90s')])]))).toThrow(/function "tick": AWS schedules intervals in whole minutes, so timer every "90s"/);
    expect(() => samTemplate(manifest([fn('tick', [cron('0 0 1 * MON')])]))).toThrow(/function "tick": cron "0 0 1 \* MON"/);
  });

  it('rejects bucket and queue names AWS does not accept, optional path groups and an empty manifest', () => {
    expect(() => samTemplate(manifest([fn('a', [storage('Uploads_Bucket', ['ObjectCreated:*'])])]))).toThrow(/"Uploads_Bucket" is not a valid S3 bucket name/);
    expect(() => samTemplate(manifest([fn('a', [queue('orders.new')])]))).toThrow(/"orders.new" is not a valid SQS queue name/);
    expect(() => samTemplate(manifest([fn('a', [http('/users{/:id}')])]))).toThrow(/function "a": API Gateway cannot express the path "\/users\{\/:id\}"/);
    expect(() => samTemplate(manifest([]))).toThrow(/the manifest has no functions/);
  });

  it('writes a YAML file that starts with a generated, do-not-edit comment and quotes the format version', () => {
    const [file] = samFiles(fullManifest());
    expect(file.file).toBe('template.yaml');
    expect(file.text.split('\n')[0]).toMatch(/^# Generated by wick build .*do not edit/);
    expect(file.text).toContain('AWSTemplateFormatVersion: "2010-09-09"');
    expect(parse(file.text)).toEqual(samTemplate(fullManifest()));
  });
});
