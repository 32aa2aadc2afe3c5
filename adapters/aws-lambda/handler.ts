import { appLoader, contextAttempt, contextRequestId, type AdapterOptions, type AppSource } from '../common/boot.js';
import { handleEvent } from '../common/events.js';
import { handleHttp } from '../common/request.js';
import { EVENT_SOURCES } from './events.js';
import { httpProcessorFor } from './request.js';

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
    const requestId = contextRequestId(context, 'awsRequestId');
    const http = httpProcessorFor(event);
    if (http) {
      const record = event as Record<string, unknown>;
      return handleHttp(application.functions, options.functionName, http, record, requestId ?? http.requestId(record));
    }
    return handleEvent(application, EVENT_SOURCES, event, { event, context }, requestId, options.functionName, contextAttempt(context));
  };
}
