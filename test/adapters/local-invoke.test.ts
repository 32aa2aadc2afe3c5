import { describe, expect, it, vi } from 'vitest';
import { type LambdaContext } from '../../adapters/aws-lambda/index.js';
import { invokeOnPlatform } from '../../adapters/local-invoke.js';
import { PLATFORMS, type PlatformName } from '../../adapters/registry.js';
import { useConformanceApp } from './shared.js';

// No handler of its own: invokeOnPlatform builds one per call, as `wick invoke --platform` does.
const booted = useConformanceApp(() => undefined);

describe('local invocation through a platform adapter (wick invoke --platform, app.invoke)', () => {
  it.each<PlatformName>(['aws', 'aliyun', 'tencent'])('%s: the request id of the local context is the one the function sees', async (platform) => {
    const context = vi.spyOn(PLATFORMS[platform], 'localContext');
    const result = await invokeOnPlatform(platform, booted.app, 'eventFunctions-direct', { orderId: 7 });
    expect(result).toEqual({ received: { orderId: 7 }, requestId: context.mock.calls[0][1] });
  });

  it("fills each platform's documented context fields from the function's settings", () => {
    const greet = booted.app.functions.get('greet');
    expect(greet.settings).toMatchObject({ memorySize: 256, timeout: 5 });
    const aws = PLATFORMS.aws.localContext(greet, 'id-1') as LambdaContext;
    expect(aws).toMatchObject({ awsRequestId: 'id-1', functionName: 'greet', memoryLimitInMB: '256' });
    expect(aws.getRemainingTimeInMillis?.()).toBe(5000);
    expect(PLATFORMS.aliyun.localContext(greet, 'id-1')).toEqual({ requestId: 'id-1', function: { name: 'greet', memory: 256, timeout: 5 }, region: 'local' });
    expect(PLATFORMS.tencent.localContext(greet, 'id-1')).toEqual({ request_id: 'id-1', function_name: 'greet', memory_limit_in_mb: 256, time_limit_in_ms: 5000 });
  });
});
