import { ServerlessTriggerType } from '../../src/decorators/serverless.js';
import { type WickEvent } from '../../src/functions/model.js';
import { FunctionNotFoundError, type FunctionRuntime } from '../../src/functions/runtime.js';
import { appLoader, type AdapterOptions, type AppSource } from '../common/boot.js';
import { isObject, nonEmptyString } from '../common/errors.js';
import { eventFunction } from '../common/events.js';
import { handleHttp } from '../common/request.js';
import { toWickEvent } from './events.js';
import { httpProcessorFor } from './request.js';

/** The SCF invocation id (`context.request_id`): the id SCF's own logs are keyed by. */
function invocationId(context: unknown): string | undefined {
  return nonEmptyString(isObject(context) ? context.request_id : undefined);
}

/**
 * The SCF entry (`exports.main_handler = createHandler(app)`): API Gateway and Function URL requests become HTTP
 * results, timer and COS events go to their triggered function, anything else is a direct invocation.
 */
export function createHandler(app: AppSource, options: AdapterOptions = {}): (event: unknown, context?: unknown) => Promise<unknown> {
  const load = appLoader(app);
  const runtime = async (): Promise<FunctionRuntime> => (await load()).functions;

  function target(functions: FunctionRuntime, event: WickEvent): string {
    try {
      return eventFunction(functions, event.trigger, options.functionName);
    } catch (err) {
      if (event.trigger !== ServerlessTriggerType.EVENT || !(err instanceof FunctionNotFoundError)) throw err;
      const { raw } = event;
      const shape = isObject(raw) ? `an object with keys ${Object.keys(raw).slice(0, 10).join(', ') || '(none)'}` : JSON.stringify(raw) ?? typeof raw;
      throw new FunctionNotFoundError(
        `event not recognised as API Gateway, Function URL, timer or COS (got ${shape.slice(0, 200)}), so it is a direct invocation; but ${err.message}`,
      );
    }
  }

  return async (event, context) => {
    const id = invocationId(context);
    const processor = httpProcessorFor(event);
    if (processor) {
      const record = event as Record<string, unknown>;
      return handleHttp(await runtime(), options.functionName, processor, record, id ?? processor.requestId(record));
    }
    const wickEvent = toWickEvent(event, id);
    const functions = await runtime();
    return functions.invokeEvent(target(functions, wickEvent), wickEvent, { event, context });
  };
}
