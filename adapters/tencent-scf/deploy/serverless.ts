import { posix } from 'node:path';
import { ServerlessTriggerType } from '../../../src/decorators/serverless.js';
import { type Manifest, type ManifestFunction } from '../../../src/functions/manifest.js';
import {
  checkRange, httpRoutes, requireFunctions, settingsOf, slug, uniqueName, where, yamlText, type DescriptorFile,
} from '../../common/descriptors/files.js';
import { chooseRuntime } from '../../common/runtimes.js';
import { SCF_RUNTIMES } from './runtimes.js';
import { storageEvents } from '../../common/descriptors/storage-events.js';
import { destinationsOf, unsupportedDestination } from '../../common/descriptors/destinations.js';
import { gatewayPath } from '../../../src/functions/gateway-path.js';
import { tencentCron } from './schedule.js';
import { COS_EVENTS } from './storage-events.js';

/**
 * Serverless Framework `serverless.yml` for Tencent SCF (provider tencent, plugin serverless-tencent-scf),
 * following serverless/serverless docs/providers/tencent and the plugin's event parameters.
 *
 * The plugin uploads one package for the whole service (the folder holding this file), not per-function zips,
 * so each handler points into it: `functions/<name>/index.handler`, and the package keeps only `functions/`.
 * Tencent timers are 7-field crons; COS triggers name the bucket as `<bucket>-<appid>.cos.<region>.myqcloud.com`,
 * so a short bucket name gets the app id from the TENCENT_APPID environment variable. Bucket and topic names
 * are `custom.buckets.<name>` and `custom.topics.<name>`, default the trigger's name, for a deploy to set its own.
 */
const TENCENT_FILE = 'serverless.yml';

const SCF_DEFAULT_REGION = 'ap-guangzhou';

const REGION = '${opt:region, self:provider.region}';

type TencentEvent =
  | { apigw: { name: string; parameters: { stageName: string; httpMethod: string; path: string; integratedResponse: boolean; enable: boolean } } }
  | { timer: { name: string; parameters: { cronExpression: string; enable: boolean } } }
  | { cos: { name: string; parameters: { bucket: string; events: string; filter: { prefix: string; suffix: string }; enable: boolean } } }
  | { cmq: { name: string; parameters: { name: string; enable: boolean } } };

interface TencentFunction {
  handler: string;
  runtime: string;
  memorySize: number;
  timeout: number;
  events?: TencentEvent[];
}

interface Names {
  buckets: Record<string, string>;
  topics: Record<string, string>;
}

export interface TencentServerless {
  service: string;
  provider: { name: 'tencent'; runtime: string; region: string; credentials: string };
  custom?: Partial<Names>;
  plugins: string[];
  package: { exclude: string[]; include: string[] };
  functions: Record<string, TencentFunction>;
}

/** `uploads` → `${self:custom.buckets.uploads}`, recording the name as its default. */
function nameVar(names: Record<string, string>, group: keyof Names, name: string): string {
  names[name] = name;
  return `\${self:custom.${group}.${name}}`;
}

/**
 * `uploads` → `${self:custom.buckets.uploads}-${env:TENCENT_APPID}.cos.<region>.myqcloud.com`; `name-appid`
 * keeps its form, and a full domain (one bucket of one account and region) is kept as it is.
 */
function cosBucket(bucket: string, names: Names): string {
  if (bucket.includes('.cos.')) return bucket;
  const named = nameVar(names.buckets, 'buckets', bucket);
  const withAppId = /-\d+$/.test(bucket) ? named : `${named}-\${env:TENCENT_APPID}`;
  return `${withAppId}.cos.${REGION}.myqcloud.com`;
}

function events(fn: ManifestFunction, names: Names): TencentEvent[] {
  const ids = new Set<string>();
  const list: TencentEvent[] = [];
  for (const route of httpRoutes(fn)) {
    const path = gatewayPath(route.path, where(fn), 'Tencent API Gateway', false);
    for (const method of route.methods.map((name) => (name === 'all' ? 'ANY' : name.toUpperCase()))) {
      const name = uniqueName(ids, `apigw_${method.toLowerCase()}_${slug(path).replace(/-/g, '_') || 'root'}`);
      list.push({ apigw: { name, parameters: { stageName: 'release', httpMethod: method, path, integratedResponse: true, enable: true } } });
    }
  }
  for (const trigger of fn.triggers) {
    switch (trigger.type) {
      case ServerlessTriggerType.TIMER:
        list.push({ timer: { name: uniqueName(ids, 'timer'), parameters: { cronExpression: tencentCron(trigger.options, where(fn)), enable: true } } });
        break;
      case ServerlessTriggerType.OS: {
        const bucket = cosBucket(trigger.options.bucket, names);
        const filter = { prefix: trigger.options.filter?.prefix ?? '', suffix: trigger.options.filter?.suffix ?? '' };
        // A COS trigger takes one event, and the plugin requires its name to be the bucket.
        for (const event of storageEvents(trigger.options.events, fn, COS_EVENTS)) {
          list.push({ cos: { name: bucket, parameters: { bucket, events: event, filter, enable: true } } });
        }
        break;
      }
      case ServerlessTriggerType.MQ: {
        const { topic, tags = [] } = trigger.options;
        if (tags.length > 0) {
          throw new Error(`${where(fn)}: serverless-tencent-scf's CMQ trigger has no message filter, so the tags ${JSON.stringify(tags)} of topic ${JSON.stringify(topic)} cannot be expressed`);
        }
        // The plugin requires a CMQ trigger's name to be the topic's.
        const name = nameVar(names.topics, 'topics', topic);
        list.push({ cmq: { name, parameters: { name, enable: true } } });
        break;
      }
      default:
        break;
    }
  }
  return list;
}

/** SCF's async invocation config has retries and a CMQ dead-letter queue, and serverless-tencent-scf neither: no destination can be written. */
function refuseDestinations(fn: ManifestFunction, functions: ReadonlySet<string>): void {
  const [first] = destinationsOf(fn, functions);
  if (first) throw unsupportedDestination(fn, ...first, 'Tencent SCF', 'SCF has no async-invocation destinations, and serverless-tencent-scf no setting for them');
}

function scfFunction(fn: ManifestFunction, runtime: string, names: Names, functions: ReadonlySet<string>): TencentFunction {
  const settings = settingsOf(fn);
  refuseDestinations(fn, functions);
  checkRange(fn, 'timeout', 1, 900, 'Tencent SCF (event functions)');
  const list = events(fn, names);
  return {
    handler: `${posix.dirname(fn.entry)}/${fn.handler}`,
    runtime,
    memorySize: settings.memorySize,
    timeout: settings.timeout,
    ...(list.length > 0 && { events: list }),
  };
}

/** The Serverless Framework service for a manifest, as an object. */
export function tencentServerless(manifest: Manifest): TencentServerless {
  requireFunctions(manifest);
  const runtime = chooseRuntime('Tencent SCF', SCF_RUNTIMES, manifest.runtime).name;
  const names: Names = { buckets: {}, topics: {} };
  const keys = new Set<string>();
  const functions: Record<string, TencentFunction> = {};
  const declared = new Set(manifest.functions.map((fn) => fn.name));
  for (const fn of manifest.functions) functions[uniqueName(keys, fn.name.replace(/[^A-Za-z0-9_-]+/g, '_'))] = scfFunction(fn, runtime, names, declared);
  const custom = Object.fromEntries(Object.entries(names).filter(([, group]) => Object.keys(group).length > 0));
  return {
    service: slug(manifest.app ?? '') || 'wick-app',
    provider: { name: 'tencent', runtime, region: SCF_DEFAULT_REGION, credentials: '~/credentials' },
    ...(Object.keys(custom).length > 0 && { custom }),
    plugins: ['serverless-tencent-scf'],
    package: { exclude: ['**'], include: ['functions/**'] },
    functions,
  };
}

export function tencentFiles(manifest: Manifest): DescriptorFile[] {
  const notes = [
    'Deploy: serverless deploy (from this folder). COS triggers read TENCENT_APPID from the environment.',
    'minInstances, maxInstances and concurrency have no serverless-tencent-scf setting: set them in the SCF console.',
    'Each API Gateway event without a serviceId creates a service: set parameters.serviceId to share one.',
  ];
  return [{ file: TENCENT_FILE, text: yamlText(tencentServerless(manifest), notes) }];
}
