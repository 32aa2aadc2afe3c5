import { randomUUID } from 'node:crypto';
import compose from 'koa-compose';
import { ServerlessTriggerType } from '../decorators/serverless.js';
import { type InstanceGetter } from '../container/instances.js';
import { type FilterSelector } from '../middleware/filters.js';
import { type Logger } from '../logging/logger.js';
import { type InvocationOrigin, type WickEvent } from './model.js';

/** The context of an event invocation: what `@Inject() ctx` gives an event handler and event middleware. */
export interface EventContext {
  /** The invocation id; for an async event the same on each of its attempts (see WickEvent.requestId). */
  requestId: string;
  /** The async event's attempt, 1, 2, 3, where the runner says (see WickEvent.attempt). */
  attempt?: number;
  functionName: string;
  trigger: ServerlessTriggerType;
  /** The normalized event (trigger, source, data), whatever the handler received as its first argument. */
  event: WickEvent;
  /** The event object as the platform's runtime passed it (a Buffer on FC), or locally the input given: Midway's `ctx.originEvent`. */
  originEvent: unknown;
  /** The platform's invocation context (Lambda's `context`, FC's, SCF's); `{}` locally: Midway's `ctx.originContext`. */
  originContext: unknown;
  /** The function name as a path, so that middleware `match` / `ignore` can select functions. */
  path: string;
  state: Record<string, unknown>;
  /** The app's logger for this invocation: every line carries `requestId`. */
  logger: Logger;
  /** What the handler (or a filter) returned. */
  result?: unknown;
}

export type EventMiddleware = (ctx: EventContext, next: () => Promise<unknown>) => unknown;

type EventGuard = (ctx: EventContext) => Promise<void>;

interface EventHandlerParts {
  functionName: string;
  handlerName: string;
  getInstance: InstanceGetter;
  middleware: EventMiddleware[];
  guard: EventGuard | null;
  selectFilter: FilterSelector | null;
  logger: Logger;
}

function eventFiltering(selectFilter: FilterSelector): EventMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const filter = selectFilter(err, 'event');
      if (!filter) throw err;
      ctx.result = await filter.catch(err, ctx as any);
    }
  };
}

export type EventHandler = (event: WickEvent, origin?: InvocationOrigin) => Promise<unknown>;

/**
 * An EVENT handler is called with the invocation payload itself, as Midway and the platforms call it; TIMER, OS
 * and MQ handlers with the normalized event, whose shape the platforms do not share.
 */
function handlerArgument(event: WickEvent): unknown {
  return event.trigger === ServerlessTriggerType.EVENT ? event.data : event;
}

/** The event chain: filters → event middleware → guards → handler(argument, ctx), composed once. */
export function compileEventHandler(parts: EventHandlerParts): EventHandler {
  const { functionName, handlerName, getInstance, guard, selectFilter } = parts;
  const core: EventMiddleware = async (ctx) => {
    if (guard) await guard(ctx);
    const instance = await getInstance(ctx);
    ctx.result = await instance[handlerName](handlerArgument(ctx.event), ctx);
  };
  const chain = compose([...(selectFilter ? [eventFiltering(selectFilter)] : []), ...parts.middleware, core] as compose.Middleware<EventContext>[]);
  return async (event, origin = { event, context: {} }) => {
    const requestId = event.requestId ?? randomUUID();
    const ctx: EventContext = {
      requestId,
      attempt: event.attempt,
      functionName,
      trigger: event.trigger,
      event,
      originEvent: origin.event,
      originContext: origin.context,
      path: `/${functionName}`,
      state: {},
      logger: parts.logger.child({ requestId }),
    };
    await chain(ctx);
    return ctx.result;
  };
}
