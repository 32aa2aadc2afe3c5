import { ServerlessTriggerType } from '../decorators/serverless.js';
import { isWickHttpRequest, type WickEvent, type WickHttpResponse } from './model.js';
import { type FunctionRuntime } from './runtime.js';

function isWickEvent(value: unknown): value is WickEvent {
  const candidate = value as WickEvent | null;
  return typeof candidate?.trigger === 'string' && typeof candidate?.source === 'string' && 'data' in candidate;
}

/**
 * Invokes a function with no platform in between: a normalized HTTP request gets a normalized response;
 * a WickEvent is passed as it is; anything else is a direct invocation payload. The input, as given, is the
 * invocation's `ctx.originEvent`, and `context` (default `{}`) its `ctx.originContext`.
 */
export function invokeLocally(runtime: FunctionRuntime, functionName: string, input: unknown, context: unknown = {}): Promise<WickHttpResponse | unknown> {
  if (isWickHttpRequest(input)) {
    const request = typeof input.body === 'string' ? { ...input, body: Buffer.from(input.body) } : input;
    return runtime.invokeHttp(functionName, request);
  }
  const event: WickEvent = isWickEvent(input) ? input : { trigger: ServerlessTriggerType.EVENT, source: 'wick:invoke', data: input };
  return runtime.invokeEvent(functionName, event, { event: input, context });
}
