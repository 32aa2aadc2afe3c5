import { type WickApplication } from '../../src/app/application.js';
import { type InvocationOrigin } from '../../src/functions/model.js';
import { type FunctionRuntime } from '../../src/functions/runtime.js';
import { appLoader, type AdapterOptions, type AppSource } from '../common/boot.js';
import { isObject, nonEmptyString } from '../common/errors.js';
import { eventFunction } from '../common/events.js';
import { handleHttp } from '../common/request.js';
import { directInvocation, triggerProcessorFor, type TriggerProcessor } from './events.js';
import { httpProcessorFor } from './request.js';

/** A direct invocation no function can take: the caller's error, reported as the platform reports any rejection. */
export class UnrecognisedEventError extends Error {
  readonly code = 'WICK_ERR_UNRECOGNISED_EVENT';
  override name = 'UnrecognisedEventError';
}

const NOT_RECOGNISED = 'the event is neither an HTTP request (API Gateway, Function URL, ALB) nor an SQS, SNS, S3 or EventBridge schedule event';

/** The Lambda request id from the Node.js runtime's context: what every log line of the invocation carries. */
function contextRequestId(context: unknown): string | undefined {
  return nonEmptyString(isObject(context) ? context.awsRequestId : undefined);
}

function targetFunction(runtime: FunctionRuntime, processor: TriggerProcessor, functionName: string | undefined): string {
  if (processor !== directInvocation) return eventFunction(runtime, processor.trigger, functionName);
  let name: string;
  try {
    name = eventFunction(runtime, processor.trigger, functionName);
  } catch (err) {
    throw new UnrecognisedEventError(`${NOT_RECOGNISED}, and ${(err as Error).message}`);
  }
  if (!runtime.hasEvents(name)) throw new UnrecognisedEventError(`${NOT_RECOGNISED}, and function ${name} has no event trigger`);
  return name;
}

function handleEvent(app: WickApplication, origin: InvocationOrigin, requestId: string | undefined, functionName: string | undefined): Promise<unknown> {
  const runtime = app.functions;
  const { event } = origin;
  const processor = triggerProcessorFor(event);
  const name = targetFunction(runtime, processor, functionName);
  return processor.run(event, {
    fn: runtime.get(name),
    invoke: (data, raw) => runtime.invokeEvent(name, { trigger: processor.trigger, source: processor.source, data, raw, requestId }, origin),
    reportFailure: (err, itemId) =>
      app.logger.error({ err, function: name, source: processor.source, itemId, requestId }, 'event item failed; it goes back to the source'),
  });
}

/**
 * The Lambda entry for a Wick app. HTTP events (API Gateway REST and HTTP APIs, Function URLs, ALB) get the
 * result their source expects, a malformed one a 400 and one whose head is over Node's limit a 431, in that
 * shape; SQS, SNS, S3 and EventBridge schedule events go to the matching event function; anything else is a
 * direct invocation of the EVENT function.
 */
export function createHandler(app: AppSource, options: AdapterOptions = {}): (event: unknown, context?: unknown) => Promise<unknown> {
  const load = appLoader(app);
  return async (event, context) => {
    const application = await load();
    const requestId = contextRequestId(context);
    const http = httpProcessorFor(event);
    if (http) {
      const record = event as Record<string, unknown>;
      return handleHttp(application.functions, options.functionName, http, record, requestId ?? http.requestId(record));
    }
    return handleEvent(application, { event, context }, requestId, options.functionName);
  };
}
