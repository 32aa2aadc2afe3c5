import { appLoader, contextRequestId, type AdapterOptions, type AppSource } from '../common/boot.js';
import { handleEvent } from '../common/events.js';
import { handleHttp } from '../common/request.js';
import { EVENT_SOURCES } from './events.js';
import { httpProcessorFor } from './request.js';

/**
 * The SCF entry (`exports.main_handler = createHandler(app)`): API Gateway and Function URL requests become HTTP
 * results, timer and COS events go to their triggered function, anything else is a direct invocation.
 */
export function createHandler(app: AppSource, options: AdapterOptions = {}): (event: unknown, context?: unknown) => Promise<unknown> {
  const load = appLoader(app);
  return async (event, context) => {
    const application = await load();
    // The SCF invocation id: the id SCF's own logs are keyed by.
    const id = contextRequestId(context, 'request_id');
    const processor = httpProcessorFor(event);
    if (processor) {
      const record = event as Record<string, unknown>;
      return handleHttp(application.functions, options.functionName, processor, record, id ?? processor.requestId(record));
    }
    return handleEvent(application, EVENT_SOURCES, event, { event, context }, id, options.functionName);
  };
}
