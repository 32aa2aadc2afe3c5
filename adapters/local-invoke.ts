import { randomUUID } from 'node:crypto';
import { type WickApplication } from '../src/app/application.js';
import { type FunctionDefinition } from '../src/functions/registry.js';
import { type AliyunContext } from './aliyun-fc/types.js';
import { functionArn } from './aws-lambda/identifiers.js';
import { type LambdaContext } from './aws-lambda/types.js';
import { type AdapterOptions, type AppSource } from './common/boot.js';
import { type TencentContext } from './tencent-scf/types.js';

export type PlatformName = 'aws' | 'aliyun' | 'tencent';

/** A local call has no log group, stream or event-loop setting to report, so those Lambda fields are left out. */
type LocalLambdaContext = Omit<LambdaContext, 'callbackWaitsForEmptyEventLoop' | 'logGroupName' | 'logStreamName'>;

export type PlatformHandler = (event: unknown, context?: unknown) => Promise<unknown>;

interface Platform {
  load(): Promise<{ createHandler(app: AppSource, options?: AdapterOptions): PlatformHandler }>;
  /** The invocation context the platform's runtime would pass, filled in for a local call. */
  context(fn: FunctionDefinition | undefined, requestId: string): LocalLambdaContext | AliyunContext | TencentContext;
}

/** Adapters load on demand, so a build for one platform never carries the others. */
export const PLATFORMS: Record<PlatformName, Platform> = {
  aws: {
    load: () => import('./aws-lambda/index.js'),
    context: (fn, requestId): LocalLambdaContext => ({
      awsRequestId: requestId,
      functionName: fn?.name ?? 'local',
      functionVersion: '$LATEST',
      memoryLimitInMB: String(fn?.settings.memorySize ?? 128),
      invokedFunctionArn: functionArn(fn?.name ?? 'local'),
      getRemainingTimeInMillis: () => (fn?.settings.timeout ?? 3) * 1000,
    }),
  },
  aliyun: {
    load: () => import('./aliyun-fc/index.js'),
    context: (fn, requestId): AliyunContext => ({
      requestId,
      function: { name: fn?.name ?? 'local', memory: fn?.settings.memorySize ?? 128, timeout: fn?.settings.timeout ?? 3 },
      region: 'local',
    }),
  },
  tencent: {
    load: () => import('./tencent-scf/index.js'),
    context: (fn, requestId): TencentContext => ({
      request_id: requestId,
      function_name: fn?.name ?? 'local',
      memory_limit_in_mb: fn?.settings.memorySize ?? 128,
      time_limit_in_ms: (fn?.settings.timeout ?? 3) * 1000,
    }),
  },
};

function platformNamed(name: string): Platform {
  const platform = PLATFORMS[name as PlatformName];
  if (!platform) throw new Error(`unknown platform ${JSON.stringify(name)}: use ${Object.keys(PLATFORMS).join(', ')}`);
  return platform;
}

/** Invokes one function through a platform adapter with a platform event, as the platform would. */
export async function invokeOnPlatform(
  platformName: string,
  app: WickApplication,
  functionName: string | undefined,
  event: unknown,
): Promise<unknown> {
  const platform = platformNamed(platformName);
  const { createHandler } = await platform.load();
  const fn = functionName === undefined ? undefined : app.functions.get(functionName);
  return createHandler(app, { functionName })(event, platform.context(fn, randomUUID()));
}
