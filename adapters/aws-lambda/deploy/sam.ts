import { ServerlessTriggerType } from '../../../src/decorators/serverless.js';
import { type Manifest, type ManifestFunction } from '../../../src/functions/manifest.js';
import {
  checkRange, httpRoutes, pascalCase, requireFunctions, reservedInstances, settingsOf, uniqueName, where, yamlText, type DescriptorFile,
} from '../../common/descriptors/files.js';
import { chooseRuntime } from '../../common/runtimes.js';
import { LAMBDA_RUNTIMES } from './runtimes.js';
import { storageEvents } from '../../common/descriptors/storage-events.js';
import { ASYNC_RETRIES, destinationsOf, FILE_SINK_IS_LOCAL, unsupportedDestination } from '../../common/descriptors/destinations.js';
import { gatewayPath } from '../../../src/functions/gateway-path.js';
import { awsSchedule } from './schedule.js';
import { S3_EVENTS } from './storage-events.js';

/**
 * AWS SAM `template.yaml` (AWS::Serverless-2016-10-31). It sits beside manifest.json, so each CodeUri is the
 * manifest's artifact path. HTTP triggers become routes on the implicit HTTP API (ServerlessHttpApi); SAM
 * requires the buckets of S3 events in the same template, so buckets and queues are declared here too, each
 * named by a template parameter whose default is the trigger's name: bucket names are global, so a deploy
 * sets its own (`sam deploy --parameter-overrides UploadsBucketName=...`).
 */
const SAM_FILE = 'template.yaml';

/** The alias SAM publishes when provisioned concurrency (minInstances) needs one. */
const SAM_ALIAS = 'live';

interface SamEvent {
  Type: 'HttpApi' | 'Schedule' | 'S3' | 'SQS';
  Properties: Record<string, unknown>;
}

export interface SamFunctionProperties {
  CodeUri: string;
  Handler: string;
  Runtime: string;
  MemorySize: number;
  Timeout: number;
  ReservedConcurrentExecutions?: number;
  AutoPublishAlias?: string;
  ProvisionedConcurrencyConfig?: { ProvisionedConcurrentExecutions: number };
  Events?: Record<string, SamEvent>;
  EventInvokeConfig?: SamEventInvokeConfig;
}

interface SamDestination {
  Type: 'Lambda' | 'SQS';
  Destination: { 'Fn::GetAtt': [string, 'Arn'] };
}

/** SAM's EventInvokeConfig: the retries and the destinations of the function's async invocations. */
interface SamEventInvokeConfig {
  MaximumRetryAttempts: number;
  DestinationConfig: { OnSuccess?: SamDestination; OnFailure?: SamDestination };
}

type Ref = { Ref: string };

type SamResource =
  | { Type: 'AWS::Serverless::Function'; Properties: SamFunctionProperties }
  | { Type: 'AWS::S3::Bucket'; Properties: { BucketName: Ref } }
  | { Type: 'AWS::SQS::Queue'; Properties: { QueueName: Ref; VisibilityTimeout: number } };

interface SamParameter {
  Type: 'String';
  Default: string;
  Description: string;
}

export interface SamTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Transform: 'AWS::Serverless-2016-10-31';
  Description: string;
  Parameters?: Record<string, SamParameter>;
  Resources: Record<string, SamResource>;
  Outputs?: Record<string, { Description: string; Value: unknown }>;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** SQS wants a visibility timeout of at least the function timeout; AWS recommends six times it. */
const QUEUE_TIMEOUT_FACTOR = 6;
const MAX_VISIBILITY_TIMEOUT = 43_200;

interface Shared {
  used: Set<string>;
  buckets: Map<string, string>;
  queues: Map<string, { id: string; timeout: number }>;
  /** `GET /users/{id}` → the function that owns it. */
  routes: Map<string, string>;
  /** Function name → its logical id. */
  functionIds: Map<string, string>;
}

function httpEvents(fn: ManifestFunction, shared: Shared, events: Record<string, SamEvent>, ids: Set<string>): void {
  for (const route of httpRoutes(fn)) {
    const path = gatewayPath(route.path, where(fn), 'API Gateway', true);
    for (const method of route.methods.map((name) => (name === 'all' ? 'ANY' : name.toUpperCase()))) {
      const key = `${method} ${path}`;
      const owner = shared.routes.get(key);
      if (owner === fn.name) continue;
      if (owner !== undefined) throw new Error(`${where(fn)}: the route ${key} is also served by function ${JSON.stringify(owner)}`);
      shared.routes.set(key, fn.name);
      const id = uniqueName(ids, `${pascalCase(method.toLowerCase())}${pascalCase(path) || 'Root'}`);
      events[id] = { Type: 'HttpApi', Properties: { Path: path, Method: method } };
    }
  }
}

function bucketId(bucket: string, fn: ManifestFunction, shared: Shared): string {
  if (!BUCKET_NAME.test(bucket)) throw new Error(`${where(fn)}: ${JSON.stringify(bucket)} is not a valid S3 bucket name`);
  let id = shared.buckets.get(bucket);
  if (id === undefined) {
    id = uniqueName(shared.used, `${pascalCase(bucket)}Bucket`);
    shared.buckets.set(bucket, id);
  }
  return id;
}

function queueId(topic: string, fn: ManifestFunction, shared: Shared): string {
  if (!QUEUE_NAME.test(topic)) throw new Error(`${where(fn)}: ${JSON.stringify(topic)} is not a valid SQS queue name (letters, digits, - and _, up to 80)`);
  let queue = shared.queues.get(topic);
  if (queue === undefined) {
    queue = { id: uniqueName(shared.used, `${pascalCase(topic)}Queue`), timeout: 0 };
    shared.queues.set(topic, queue);
  }
  queue.timeout = Math.max(queue.timeout, fn.timeout);
  return queue.id;
}

/** Tags are the message's `tag` attribute on SQS: the event source mapping passes only messages carrying one of them. */
function tagFilter(tags: string[]): { Filters: { Pattern: string }[] } {
  return { Filters: [{ Pattern: JSON.stringify({ messageAttributes: { tag: { stringValue: tags } } }) }] };
}

/** A function destination is that function's ARN, a queue the SQS queue of that name (declared here, shared with its MQ triggers). */
function eventInvokeConfig(fn: ManifestFunction, shared: Shared): SamEventInvokeConfig | undefined {
  const destinations = destinationsOf(fn, new Set(shared.functionIds.keys()));
  if (destinations.length === 0) return undefined;
  const config: SamEventInvokeConfig = { MaximumRetryAttempts: ASYNC_RETRIES, DestinationConfig: {} };
  for (const [name, target] of destinations) {
    let destination: SamDestination;
    if ('function' in target) destination = { Type: 'Lambda', Destination: { 'Fn::GetAtt': [shared.functionIds.get(target.function)!, 'Arn'] } };
    else if ('queue' in target) destination = { Type: 'SQS', Destination: { 'Fn::GetAtt': [queueId(target.queue, fn, shared), 'Arn'] } };
    else throw unsupportedDestination(fn, name, target, 'AWS Lambda', FILE_SINK_IS_LOCAL);
    config.DestinationConfig[name === 'onSuccess' ? 'OnSuccess' : 'OnFailure'] = destination;
  }
  return config;
}

function functionResource(fn: ManifestFunction, shared: Shared, runtime: string): SamResource {
  const settings = settingsOf(fn);
  checkRange(fn, 'memorySize', 128, 10_240, 'AWS Lambda');
  checkRange(fn, 'timeout', 1, 900, 'AWS Lambda');
  const events: Record<string, SamEvent> = {};
  const ids = new Set<string>();
  httpEvents(fn, shared, events, ids);
  for (const trigger of fn.triggers) {
    switch (trigger.type) {
      case ServerlessTriggerType.TIMER:
        // No Input: the adapter reads the payload from the function's trigger, as in server mode.
        events[uniqueName(ids, 'Timer')] = { Type: 'Schedule', Properties: { Schedule: awsSchedule(trigger.options, where(fn)), Enabled: true } };
        break;
      case ServerlessTriggerType.OS: {
        const { bucket, events: names, filter } = trigger.options;
        const rules = (['prefix', 'suffix'] as const).filter((name) => filter?.[name]).map((name) => ({ Name: name, Value: filter![name] }));
        events[uniqueName(ids, `${pascalCase(bucket)}Objects`)] = {
          Type: 'S3',
          Properties: {
            Bucket: { Ref: bucketId(bucket, fn, shared) },
            Events: storageEvents(names, fn, S3_EVENTS),
            ...(rules.length > 0 && { Filter: { S3Key: { Rules: rules } } }),
          },
        };
        break;
      }
      case ServerlessTriggerType.MQ: {
        const { topic, tags = [] } = trigger.options;
        events[uniqueName(ids, `${pascalCase(topic)}Messages`)] = {
          Type: 'SQS',
          Properties: { Queue: { 'Fn::GetAtt': [queueId(topic, fn, shared), 'Arn'] }, ...(tags.length > 0 && { FilterCriteria: tagFilter(tags) }) },
        };
        break;
      }
      default:
        // HTTP is handled above; EVENT functions are invoked directly and need no event source.
        break;
    }
  }
  const invokeConfig = eventInvokeConfig(fn, shared);
  return {
    Type: 'AWS::Serverless::Function',
    Properties: {
      CodeUri: fn.artifact,
      Handler: fn.handler,
      Runtime: runtime,
      MemorySize: settings.memorySize,
      Timeout: settings.timeout,
      ...(reservedInstances(fn) !== undefined && { ReservedConcurrentExecutions: reservedInstances(fn) }),
      ...(settings.minInstances > 0 && {
        AutoPublishAlias: SAM_ALIAS,
        ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: settings.minInstances },
      }),
      ...(Object.keys(events).length > 0 && { Events: events }),
      ...(invokeConfig && { EventInvokeConfig: invokeConfig }),
    },
  };
}

/** The SAM template for a manifest, as an object. */
export function samTemplate(manifest: Manifest): SamTemplate {
  requireFunctions(manifest);
  const runtime = chooseRuntime('AWS Lambda', LAMBDA_RUNTIMES, manifest.runtime).name;
  const shared: Shared = { used: new Set(), buckets: new Map(), queues: new Map(), routes: new Map(), functionIds: new Map() };
  const functionIds = manifest.functions.map((fn) => uniqueName(shared.used, `${pascalCase(fn.name) || 'Wick'}Function`));
  manifest.functions.forEach((fn, index) => shared.functionIds.set(fn.name, functionIds[index]));
  const resources: Record<string, SamResource> = {};
  manifest.functions.forEach((fn, index) => {
    resources[functionIds[index]] = functionResource(fn, shared, runtime);
  });
  const parameters: Record<string, SamParameter> = {};
  const nameParameter = (id: string, name: string, description: string): Ref => {
    parameters[`${id}Name`] = { Type: 'String', Default: name, Description: description };
    return { Ref: `${id}Name` };
  };
  for (const [bucket, id] of shared.buckets) {
    resources[id] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: nameParameter(id, bucket, `The S3 bucket of the ${JSON.stringify(bucket)} triggers: bucket names are global, so set one per deploy`) } };
  }
  for (const [topic, { id, timeout }] of shared.queues) {
    const visibility = Math.min(MAX_VISIBILITY_TIMEOUT, Math.max(30, timeout * QUEUE_TIMEOUT_FACTOR));
    resources[id] = { Type: 'AWS::SQS::Queue', Properties: { QueueName: nameParameter(id, topic, `The SQS queue of the ${JSON.stringify(topic)} triggers`), VisibilityTimeout: visibility } };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Transform: 'AWS::Serverless-2016-10-31',
    Description: `${manifest.app}: functions built by wick`,
    ...(Object.keys(parameters).length > 0 && { Parameters: parameters }),
    Resources: resources,
    ...(shared.routes.size > 0 && {
      Outputs: {
        ApiUrl: {
          Description: 'Base URL of the HTTP API serving the HTTP triggers',
          Value: { 'Fn::Sub': 'https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/' },
        },
      },
    }),
  };
}

export function samFiles(manifest: Manifest): DescriptorFile[] {
  return [{ file: SAM_FILE, text: yamlText(samTemplate(manifest), ['Deploy: sam deploy --guided (from this folder).']) }];
}
