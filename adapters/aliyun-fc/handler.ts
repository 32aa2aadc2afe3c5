import { type FunctionRuntime } from '../../src/functions/runtime.js';
import { appLoader, contextRequestId, type AdapterOptions, type AppSource } from '../common/boot.js';
import { BadEventError, errorResponse } from '../common/errors.js';
import { handleEvent } from '../common/events.js';
import { handleHttp } from '../common/request.js';
import { EVENT_SOURCES } from './events.js';
import { parsePayload } from './payload.js';
import { httpProcessorFor } from './request.js';
import { toHttpTriggerResult } from './response.js';
import { type AliyunHttpResult } from './types.js';

export type AliyunHandler = (event: unknown, context?: unknown) => Promise<unknown>;

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
    const application = await load();
    const runtime = application.functions;
    const contextId = contextRequestId(context, 'requestId');
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
    // An FC HTTP trigger may pass a broken HTTP event: for a function only HTTP triggers reach, that is what it is.
    if (!EVENT_SOURCES.processors.some((source) => source.matches(payload)) && servesHttpOnly(runtime, functionName)) {
      const message = `event is neither an FC 3.0 HTTP trigger nor an API Gateway event, and ${functionName} has only HTTP triggers`;
      return unreadable(new BadEventError(message), contextId);
    }
    return handleEvent(application, EVENT_SOURCES, payload, { event, context }, contextId, functionName);
  };
}
