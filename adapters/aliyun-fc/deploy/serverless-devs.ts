import { ServerlessTriggerType } from '../../../src/decorators/serverless.js';
import { type Manifest, type ManifestFunction } from '../../../src/functions/manifest.js';
import {
  checkRange, httpRoutes, pascalCase, requireFunctions, reservedInstances, settingsOf, slug, uniqueName, where, yamlText, type DescriptorFile,
} from '../../common/descriptors/files.js';
import { chooseRuntime } from '../../common/runtimes.js';
import { FC_RUNTIMES } from './runtimes.js';
import { storageEvents } from '../../common/descriptors/storage-events.js';
import { ASYNC_RETRIES, destinationsOf, FILE_SINK_IS_LOCAL, unsupportedDestination } from '../../common/descriptors/destinations.js';
import { aliyunCron } from './schedule.js';
import { OSS_EVENTS } from './storage-events.js';

/**
 * Serverless Devs `s.yaml` for Aliyun Function Compute 3.0 (edition 3.0.0, component fc3), following the
 * devsapp/fc3 docs (docs/zh/yaml/readme.md, triggers.md) and its props schema (src/schema.json).
 *
 * FC routes every path of an HTTP trigger to the function (the app routes inside), and a function has one
 * HTTP trigger: all HTTP triggers merge into one with the union of their methods. Function names are global
 * per region and account, so they carry the app name. The region is `vars.region`, and each bucket and topic
 * name a var too (`vars.uploadsBucket`, default the trigger's name: OSS bucket names are global, so a deploy
 * sets its own); `${config('AccountID')}` in source ARNs is filled in by Serverless Devs from the access key.
 */
const SERVERLESS_DEVS_FILE = 's.yaml';

const FC_DEFAULT_REGION = 'cn-hangzhou';

const REGION = '${vars.region}';
const ACCOUNT = "${config('AccountID')}";

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

const FC_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

interface FcTrigger {
  triggerName: string;
  triggerType: 'http' | 'timer' | 'oss' | 'mns_topic';
  sourceArn?: string;
  triggerConfig: Record<string, unknown>;
}

export interface FcProps {
  region: string;
  functionName: string;
  runtime: string;
  code: string;
  handler: string;
  memorySize: number;
  timeout: number;
  instanceConcurrency: number;
  concurrencyConfig?: { reservedConcurrency: number };
  provisionConfig?: ProvisionConfig;
  triggers?: FcTrigger[];
  asyncInvokeConfig?: AsyncInvokeConfig;
}

/** fc3's IAsyncInvokeConfig: each destination an ARN (an FC function, an MNS queue). */
interface AsyncInvokeConfig {
  maxAsyncRetryAttempts: number;
  destinationConfig: { onSuccess?: { destination: string }; onFailure?: { destination: string } };
}

/** fc3's IProvisionConfig: every field is required. */
interface ProvisionConfig {
  defaultTarget: number;
  /** CPU stays allocated to idle provisioned instances, so they answer at once, as Lambda's provisioned concurrency does. */
  alwaysAllocateCPU: boolean;
  alwaysAllocateGPU: boolean;
  scheduledActions: never[];
  targetTrackingPolicies: never[];
}

export interface ServerlessDevsConfig {
  edition: '3.0.0';
  name: string;
  access: string;
  vars: Record<string, string>;
  resources: Record<string, { component: 'fc3'; props: FcProps }>;
}

function httpTrigger(fn: ManifestFunction): FcTrigger[] {
  const methods = new Set<string>(httpRoutes(fn).flatMap((route) => route.methods));
  if (methods.size === 0) return [];
  const listed = methods.has('all') ? FC_METHODS : FC_METHODS.filter((method) => methods.has(method.toLowerCase()));
  return [{ triggerName: 'http', triggerType: 'http', triggerConfig: { authType: 'anonymous', disableURLInternet: false, methods: listed } }];
}

/** `uploads` → `${vars.uploadsBucket}`, recording the var with the trigger's name as its default. */
function nameVar(vars: Record<string, string>, name: string, kind: 'Bucket' | 'Topic' | 'Queue'): string {
  const key = `${pascalCase(name).replace(/^./, (first) => first.toLowerCase())}${kind}`;
  vars[key] = name;
  return `\${vars.${key}}`;
}

function eventTriggers(fn: ManifestFunction, vars: Record<string, string>): FcTrigger[] {
  const names = new Set<string>(['http']);
  const triggers: FcTrigger[] = [];
  for (const trigger of fn.triggers) {
    switch (trigger.type) {
      case ServerlessTriggerType.TIMER: {
        const { payload } = trigger.options;
        triggers.push({
          triggerName: uniqueName(names, 'timer'),
          triggerType: 'timer',
          triggerConfig: { cronExpression: aliyunCron(trigger.options, where(fn)), enable: true, ...(payload !== undefined && { payload }) },
        });
        break;
      }
      case ServerlessTriggerType.OS: {
        const { bucket, events, filter } = trigger.options;
        triggers.push({
          triggerName: uniqueName(names, 'oss'),
          triggerType: 'oss',
          sourceArn: `acs:oss:${REGION}:${ACCOUNT}:${nameVar(vars, bucket, 'Bucket')}`,
          // fc3 requires both keys; an empty string matches every object.
          triggerConfig: { events: storageEvents(events, fn, OSS_EVENTS), filter: { key: { prefix: filter?.prefix ?? '', suffix: filter?.suffix ?? '' } } },
        });
        break;
      }
      case ServerlessTriggerType.MQ: {
        const { topic, tags = [] } = trigger.options;
        if (tags.length > 1) throw new Error(`${where(fn)}: an MNS subscription filters on one tag, got ${JSON.stringify(tags)} for topic ${JSON.stringify(topic)}`);
        triggers.push({
          triggerName: uniqueName(names, 'mns'),
          triggerType: 'mns_topic',
          sourceArn: `acs:mns:${REGION}:${ACCOUNT}:/topics/${nameVar(vars, topic, 'Topic')}`,
          triggerConfig: { notifyContentFormat: 'JSON', notifyStrategy: 'BACKOFF_RETRY', ...(tags.length === 1 && { filterTag: tags[0] }) },
        });
        break;
      }
      default:
        break;
    }
  }
  return triggers;
}

/** Function names are global per region and account, so they carry the app's. */
function fcFunctionName(app: string, name: string): string {
  return app ? `${app}-${name}` : name;
}

/** A function destination is that FC function's ARN, a queue the MNS queue of that name (a var, default the name). */
function asyncInvokeConfig(fn: ManifestFunction, app: string, vars: Record<string, string>, functions: ReadonlySet<string>): AsyncInvokeConfig | undefined {
  const destinations = destinationsOf(fn, functions);
  if (destinations.length === 0) return undefined;
  const config: AsyncInvokeConfig = { maxAsyncRetryAttempts: ASYNC_RETRIES, destinationConfig: {} };
  for (const [name, target] of destinations) {
    let destination: string;
    if ('function' in target) destination = `acs:fc:${REGION}:${ACCOUNT}:functions/${fcFunctionName(app, target.function)}`;
    else if ('queue' in target) destination = `acs:mns:${REGION}:${ACCOUNT}:/queues/${nameVar(vars, target.queue, 'Queue')}/messages`;
    else throw unsupportedDestination(fn, name, target, 'Aliyun FC', FILE_SINK_IS_LOCAL);
    config.destinationConfig[name] = { destination };
  }
  return config;
}

function props(fn: ManifestFunction, app: string, runtime: string, vars: Record<string, string>, functions: ReadonlySet<string>): FcProps {
  const settings = settingsOf(fn);
  checkRange(fn, 'timeout', 1, 86_400, 'Aliyun FC');
  checkRange(fn, 'memorySize', 128, 32_768, 'Aliyun FC');
  checkRange(fn, 'concurrency', 1, 100, 'Aliyun FC (instanceConcurrency)');
  if (settings.memorySize % 64 !== 0) throw new Error(`${where(fn)}: Aliyun FC takes memorySize in multiples of 64 MB, got ${settings.memorySize}`);
  const functionName = fcFunctionName(app, fn.name);
  if (!FUNCTION_NAME.test(functionName)) {
    throw new Error(`${where(fn)}: ${JSON.stringify(functionName)} is not a valid FC function name (a letter or _, then letters, digits, - or _, up to 64)`);
  }
  const triggers = [...httpTrigger(fn), ...eventTriggers(fn, vars)];
  const reserved = reservedInstances(fn);
  const invokeConfig = asyncInvokeConfig(fn, app, vars, functions);
  return {
    region: REGION,
    functionName,
    runtime,
    code: fn.artifact,
    handler: fn.handler,
    memorySize: settings.memorySize,
    timeout: settings.timeout,
    instanceConcurrency: settings.concurrency,
    ...(reserved !== undefined && { concurrencyConfig: { reservedConcurrency: reserved } }),
    ...(settings.minInstances > 0 && {
      provisionConfig: { defaultTarget: settings.minInstances, alwaysAllocateCPU: true, alwaysAllocateGPU: false, scheduledActions: [], targetTrackingPolicies: [] },
    }),
    ...(triggers.length > 0 && { triggers }),
    ...(invokeConfig && { asyncInvokeConfig: invokeConfig }),
  };
}

/** The Serverless Devs project for a manifest, as an object. */
export function serverlessDevsConfig(manifest: Manifest): ServerlessDevsConfig {
  requireFunctions(manifest);
  const app = slug(manifest.app ?? '');
  const runtime = chooseRuntime('Aliyun FC', FC_RUNTIMES, manifest.runtime).name;
  const vars: Record<string, string> = { region: FC_DEFAULT_REGION };
  const keys = new Set<string>();
  const resources: ServerlessDevsConfig['resources'] = {};
  const functions = new Set(manifest.functions.map((fn) => fn.name));
  for (const fn of manifest.functions) {
    resources[uniqueName(keys, fn.name.replace(/[^A-Za-z0-9_-]+/g, '_'))] = { component: 'fc3', props: props(fn, app, runtime, vars, functions) };
  }
  return { edition: '3.0.0', name: app || 'wick-app', access: 'default', vars, resources };
}

export function serverlessDevsFiles(manifest: Manifest): DescriptorFile[] {
  const notes = ['Deploy: s deploy (from this folder); set vars.region, the bucket, topic and queue vars and the access alias first.'];
  return [{ file: SERVERLESS_DEVS_FILE, text: yamlText(serverlessDevsConfig(manifest), notes) }];
}
