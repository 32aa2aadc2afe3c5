import { ServerlessTriggerType } from '../../src/decorators/serverless.js';
import { type FunctionRuntime } from '../../src/functions/runtime.js';
import { appLoader, type AdapterOptions, type AppSource } from '../common/boot.js';
import { BadEventError, errorResponse, isObject, nonEmptyString } from '../common/errors.js';
import { eventFunction } from '../common/events.js';
import { handleHttp } from '../common/request.js';
import { toWickEvent } from './events.js';
import { parsePayload } from './payload.js';
import { httpProcessorFor } from './request.js';
import { toHttpTriggerResult } from './response.js';
import { type AliyunContext, type AliyunHttpResult } from './types.js';

export type AliyunHandler = (event: unknown, context?: unknown) => Promise<unknown>;

function contextRequestId(context: unknown): string | undefined {
  return nonEmptyString(isObject(context) ? (context as AliyunContext).requestId : undefined);
}

/** A handler for one function that only HTTP triggers reach: whatever else it is sent is a broken HTTP event. */
function servesHttpOnly(runtime: FunctionRuntime, functionName: string | undefined): boolean {
  return functionName !== undefined && runtime.hasHttp(functionName) && !runtime.hasEvents(functionName);
}

/** A 400 for an event no HTTP processor could read, in the FC 3.0 HTTP trigger format (both formats share their fields). */
function unreadable(err: BadEventError, requestId: string | undefined): AliyunHttpResult {
  return toHttpTriggerResult(errorResponse(err, requestId));
}

/**
 * The FC 3.0 entry point (`exports.handler = createHandler(app)`). HTTP trigger and API Gateway events get the
 * platform's HTTP result; timer, OSS and direct invocations go to the matching event function and resolve
 * to what it returns.
 */
export function createHandler(app: AppSource, options: AdapterOptions = {}): AliyunHandler {
  const load = appLoader(app);
  const { functionName } = options;
  return async (event, context) => {
    const runtime = (await load()).functions;
    const contextId = contextRequestId(context);
    let payload: unknown;
    try {
      payload = parsePayload(event);
    } catch (err) {
      // Unreadable bytes could have been any event: only a function no HTTP trigger reaches rejects them.
      if (functionName !== undefined && !runtime.hasHttp(functionName)) throw err;
      return unreadable(err as BadEventError, contextId);
    }
    const processor = httpProcessorFor(payload);
    if (processor) {
      const event = payload as Record<string, unknown>;
      return handleHttp(runtime, functionName, processor, event, contextId ?? processor.requestId(event));
    }
    const wickEvent = toWickEvent(payload, contextId);
    if (wickEvent.trigger === ServerlessTriggerType.EVENT && servesHttpOnly(runtime, functionName)) {
      const message = `event is neither an FC 3.0 HTTP trigger nor an API Gateway event, and ${functionName} has only HTTP triggers`;
      return unreadable(new BadEventError(message), contextId);
    }
    return runtime.invokeEvent(eventFunction(runtime, wickEvent.trigger, functionName), wickEvent, { event, context });
  };
}
