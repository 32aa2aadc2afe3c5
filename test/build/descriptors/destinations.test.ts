import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { samFiles, samTemplate, type SamFunctionProperties, type SamTemplate } from '../../../adapters/aws-lambda/deploy/sam.js';
import { serverlessDevsConfig } from '../../../adapters/aliyun-fc/deploy/serverless-devs.js';
import { tencentServerless } from '../../../adapters/tencent-scf/deploy/serverless.js';
import { type Destinations, type DestinationTarget } from '../../../src/decorators/serverless.js';
import { checkDestinations } from '../../../src/functions/destinations.js';
import { type ManifestFunction } from '../../../src/functions/manifest.js';
import { fn, manifest, queue } from './manifests.js';

const schema = JSON.parse(readFileSync(new URL('../../fixtures/schemas/sam.schema.json', import.meta.url), 'utf8'));
const validate = new AjvDraft04.default({ strict: false, allErrors: true }).compile(schema);

function withDestinations(name: string, destinations: Destinations<DestinationTarget>): ManifestFunction {
  return { ...fn(name, []), destinations };
}

/** A worker whose success invokes `audit` and whose failure goes to the `failures` queue; `audit` also consumes `orders`. */
function app(platform: string) {
  return manifest(
    [withDestinations('worker', { onSuccess: { function: 'audit' }, onFailure: { queue: 'failures' } }), fn('audit', []), fn('orders-consumer', [queue('orders')])],
    platform,
  );
}

function properties(template: SamTemplate, id: string): SamFunctionProperties {
  const resource = template.Resources[id];
  if (resource?.Type !== 'AWS::Serverless::Function') throw new Error(`${id} is not a function`);
  return resource.Properties;
}

describe('destinations in the deploy descriptors', () => {
  it("gives SAM an EventInvokeConfig with the host's two retries, the function's ARN and a declared SQS queue, valid against the published schema", () => {
    const template = samTemplate(app('aws'));
    expect(properties(template, 'WorkerFunction').EventInvokeConfig).toEqual({
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnSuccess: { Type: 'Lambda', Destination: { 'Fn::GetAtt': ['AuditFunction', 'Arn'] } },
        OnFailure: { Type: 'SQS', Destination: { 'Fn::GetAtt': ['FailuresQueue', 'Arn'] } },
      },
    });
    expect(template.Resources.FailuresQueue).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { QueueName: { Ref: 'FailuresQueueName' } } });
    expect(properties(template, 'AuditFunction')).not.toHaveProperty('EventInvokeConfig');
    expect(validate(parse(samFiles(app('aws'))[0].text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('shares one SQS queue between a queue destination and the MQ trigger of the same name', () => {
    const template = samTemplate(manifest([withDestinations('worker', { onSuccess: { queue: 'orders' } }), fn('orders-consumer', [queue('orders')])]));
    expect(Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::SQS::Queue').map(([id]) => id)).toEqual(['OrdersQueue']);
    expect(properties(template, 'WorkerFunction').EventInvokeConfig?.DestinationConfig.OnSuccess?.Destination).toEqual({ 'Fn::GetAtt': ['OrdersQueue', 'Arn'] });
    expect(validate(template)).toBe(true);
  });

  it("gives s.yaml an asyncInvokeConfig with the app-prefixed FC function's ARN and an MNS queue ARN named by a var", () => {
    const config = serverlessDevsConfig(app('aliyun'));
    expect(config.resources.worker.props.asyncInvokeConfig).toEqual({
      maxAsyncRetryAttempts: 2,
      destinationConfig: {
        onSuccess: { destination: "acs:fc:${vars.region}:${config('AccountID')}:functions/acme-shop-audit" },
        onFailure: { destination: "acs:mns:${vars.region}:${config('AccountID')}:/queues/${vars.failuresQueue}/messages" },
      },
    });
    expect(config.vars.failuresQueue).toBe('failures');
    expect(config.resources.audit.props).not.toHaveProperty('asyncInvokeConfig');
  });

  it('fails the build for a file sink on AWS and FC, naming the function, the destination and the platform', () => {
    const sink = (platform: string) => manifest([withDestinations('worker', { onFailure: { file: 'failed.jsonl' } })], platform);
    expect(() => samTemplate(sink('aws'))).toThrow(
      'function "worker": destinations.onFailure (file "failed.jsonl") cannot be expressed on AWS Lambda: a file sink is a file in the wick host folder',
    );
    expect(() => serverlessDevsConfig(sink('aliyun'))).toThrow('function "worker": destinations.onFailure (file "failed.jsonl") cannot be expressed on Aliyun FC');
  });

  it('fails the Tencent build for any destination: SCF has none', () => {
    expect(() => tencentServerless(app('tencent'))).toThrow(
      'function "worker": destinations.onSuccess (function "audit") cannot be expressed on Tencent SCF: SCF has no async-invocation destinations',
    );
    expect(() => tencentServerless(manifest([fn('audit', [])], 'tencent'))).not.toThrow();
  });

  it('checks a manifest destination naming a function it does not have', () => {
    const orphan = manifest([withDestinations('worker', { onSuccess: { function: 'gone' } })]);
    expect(() => samTemplate(orphan)).toThrow('function "worker": destinations.onSuccess names function "gone", which the app does not have (its functions: worker)');
  });
});

describe('checkDestinations', () => {
  const names = new Set(['worker', 'audit']);
  const check = (value: unknown) => checkDestinations(value, 'Jobs.run', 'worker', names);

  it('reads a function name as a function destination and keeps file and queue sinks', () => {
    expect(check({ onSuccess: 'audit', onFailure: { file: 'results/failed.jsonl' } })).toEqual({ onSuccess: { function: 'audit' }, onFailure: { file: 'results/failed.jsonl' } });
    expect(check({ onFailure: { queue: 'dead-jobs' } })).toEqual({ onFailure: { queue: 'dead-jobs' } });
    expect(check(undefined)).toBeUndefined();
  });

  it('names what is wrong: an unknown function, the function itself, a path out of the folder, a bad queue, an unknown key or shape', () => {
    expect(() => check({ onSuccess: 'audti' })).toThrow('Jobs.run: destinations.onSuccess names function "audti", which the app does not have (its functions: audit, worker)');
    expect(() => check({ onFailure: 'worker' })).toThrow('Jobs.run: destinations.onFailure names the function itself ("worker")');
    for (const file of ['../outside.jsonl', '/etc/ok.jsonl', 'results/./ok.jsonl', 'results.json', 'a b.jsonl']) {
      expect(() => check({ onSuccess: { file } }), file).toThrow(`Jobs.run: destinations.onSuccess: ${JSON.stringify(file)} is not a file sink path`);
    }
    expect(() => check({ onFailure: { queue: '9lives' } })).toThrow('Jobs.run: destinations.onFailure: "9lives" is not a queue name');
    expect(() => check({ onError: 'audit' })).toThrow('Jobs.run: destinations takes onSuccess and onFailure, not onError');
    expect(() => check({ onSuccess: { topic: 'x' } })).toThrow('Jobs.run: destinations.onSuccess must be a function name, { function }, { file } or { queue }, got {"topic":"x"}');
    expect(() => check(['audit'])).toThrow('Jobs.run: destinations must be { onSuccess?, onFailure? }');
  });
});
