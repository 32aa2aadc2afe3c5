import { randomUUID } from 'node:crypto';
import compose from 'koa-compose';
import { type ServerlessTriggerType } from '../decorators/serverless.js';
import { type InstanceGetter } from '../container/instances.js';
import { type FilterSelector } from '../errors/filters.js';
import { type WickEvent } from './model.js';

/** The context of an event invocation: what `@Inject() ctx` gives an event handler and event middleware. */
export interface EventContext {
  requestId: string;
  functionName: string;
  trigger: ServerlessTriggerType;
  event: WickEvent;
  /** The function name as a path, so that middleware `match` / `ignore` can select functions. */
  path: string;
  state: Record<string, unknown>;
  /** What the handler (or a filter) returned. */
  result?: unknown;
}

export type EventMiddleware = (ctx: EventContext, next: () => Promise<unknown>) => unknown;

export type EventGuard = (ctx: EventContext) => Promise<void>;

export interface EventHandlerParts {
  functionName: string;
  handlerName: string;
  getInstance: InstanceGetter;
  middleware: EventMiddleware[];
  guard: EventGuard | null;
  selectFilter: FilterSelector | null;
}

function eventFiltering(selectFilter: FilterSelector): EventMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const filter = selectFilter(err);
      if (!filter) throw err;
      ctx.result = await filter.catch(err, ctx as any);
    }
  };
}

export type EventHandler = (event: WickEvent) => Promise<unknown>;

/** The event chain: filters → event middleware → guards → handler(event, ctx), composed once. */
export function compileEventHandler(parts: EventHandlerParts): EventHandler {
  const { functionName, handlerName, getInstance, guard, selectFilter } = parts;
  const core: EventMiddleware = async (ctx) => {
    if (guard) await guard(ctx);
    const instance = await getInstance(ctx);
    ctx.result = await instance[handlerName](ctx.event, ctx);
  };
  const chain = compose([...(selectFilter ? [eventFiltering(selectFilter)] : []), ...parts.middleware, core] as compose.Middleware<EventContext>[]);
  return async (event) => {
    const ctx: EventContext = {
      requestId: event.requestId ?? randomUUID(),
      functionName,
      trigger: event.trigger,
      event,
      path: `/${functionName}`,
      state: {},
    };
    await chain(ctx);
    return ctx.result;
  };
}
