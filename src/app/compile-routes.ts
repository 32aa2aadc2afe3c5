import { type Container } from 'inversify';
import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { declaredFor, type CatchMetadata } from '../decorators/middleware.js';
import { type ControllerMetadata, type HttpMethod, type MiddlewareRef } from '../decorators/web.js';
import { type InstanceGetter } from '../container/instances.js';
import { type MatchPattern } from '../decorators/middleware.js';
import { filterSelector, type FilterSelector, type RegisteredFilter, type RegisteredResultFilter, type ResultFilter } from '../middleware/filters.js';
import { compileGuards, type CanActivate } from '../http/guards.js';
import { compileHandler, type ArgumentCompiler, type CompiledRoute } from '../http/route.js';
import { type KoaMiddleware } from '../http/context.js';
import { filtering } from '../middleware/error-handler.js';
import { type MiddlewareResolver } from '../middleware/resolve.js';
import { compileEventHandler, type EventHandler, type EventMiddleware } from '../functions/events.js';
import { controllerRoutes, isHttpTrigger, triggerMethods, type FunctionDefinition } from '../functions/registry.js';
import { type Logger } from '../logging/logger.js';

/** What compiling routes and functions needs from the app, gathered once. */
export interface Compilation {
  container: Container;
  middleware: MiddlewareResolver;
  globalGuards: Class[];
  globalFilters: FilterSelector | null;
  eventMiddleware: EventMiddleware[];
  compileArg?: ArgumentCompiler;
  logger: Logger;
  /** Whether requests carry `ctx.session`. */
  session: boolean;
  /** `koa.globalPrefix`: put before every controller route. */
  globalPrefix: string;
}

/** Midway's `koa.globalPrefix` config key; '' when unset. */
export function globalPrefixOf(config: { koa?: { globalPrefix?: unknown } }): string {
  const prefix = config.koa?.globalPrefix ?? '';
  if (typeof prefix !== 'string') throw new TypeError(`config koa.globalPrefix must be a string, got ${JSON.stringify(prefix)}`);
  return prefix;
}

async function resolveRegistered<T>(container: Container, target: Class, role: string): Promise<T> {
  if (!container.isBound(target)) throw new Error(`${role} ${target.name} is not registered: export it from a file under src/ or import its component`);
  return container.getAsync<T>(target);
}

export async function resolveFilters(container: Container, classes: Class[]): Promise<RegisteredFilter[]> {
  return Promise.all(
    classes.map(async (target) => {
      const declared = readOwn<CatchMetadata>(KEYS.catch, target);
      if (!declared) throw new TypeError(`${target.name} is used as an exception filter but is not decorated with @Catch()`);
      return { instance: await resolveRegistered(container, target, 'filter'), catches: declared.errors, events: declared.events };
    }),
  );
}

/** The @Match() classes among the filters given to app.useFilter, in order. */
export async function resolveResultFilters(container: Container, classes: Class[]): Promise<RegisteredResultFilter[]> {
  const matching = classes.filter((target) => readOwn(KEYS.match, target) !== undefined);
  return Promise.all(
    matching.map(async (target) => ({
      instance: await resolveRegistered<ResultFilter>(container, target, 'filter'),
      pattern: readOwn<MatchPattern>(KEYS.match, target)!,
    })),
  );
}

async function guardsFor(c: Compilation, target: Class, handlerName: string) {
  const classes = [...c.globalGuards, ...declaredFor(KEYS.guards, target, handlerName)];
  const guards = await Promise.all(
    classes.map((guard) => {
      if (!readOwn(KEYS.guard, guard)) throw new TypeError(`${guard.name} is used as a guard but is not decorated with @Guard()`);
      return resolveRegistered<CanActivate>(c.container, guard, 'guard');
    }),
  );
  return compileGuards(guards, target, handlerName);
}

async function ownFilters(c: Compilation, target: Class, handlerName: string): Promise<FilterSelector | null> {
  return filterSelector(await resolveFilters(c.container, declaredFor(KEYS.filters, target, handlerName)));
}

interface RouteSpec {
  method: HttpMethod;
  path: string;
  handlerName: string;
  functionName: string;
  middleware: MiddlewareRef[];
}

/** One route: resolved middleware, guards, filters and argument extractors, ready for the request path. */
async function compileRoute(target: Class, spec: RouteSpec, outer: KoaMiddleware[], getInstance: InstanceGetter, c: Compilation): Promise<CompiledRoute> {
  const selectFilter = await ownFilters(c, target, spec.handlerName);
  return {
    ...spec,
    target,
    middleware: [...(selectFilter ? [filtering(selectFilter, c.logger)] : []), ...outer, ...(await c.middleware.resolveAll(spec.middleware))],
    handle: compileHandler(target, spec.handlerName, getInstance, {
      compileArg: c.compileArg,
      guard: await guardsFor(c, target, spec.handlerName),
      session: c.session,
    }),
  };
}

/** A controller function's routes: the controller's middleware wraps each route's own. */
export async function compileControllerRoutes(fn: FunctionDefinition, getInstance: InstanceGetter, c: Compilation): Promise<CompiledRoute[]> {
  const controller = readOwn<ControllerMetadata>(KEYS.controller, fn.target)!;
  const outer = await c.middleware.resolveAll(controller.middleware ?? []);
  return Promise.all(
    controllerRoutes(fn.target, c.globalPrefix).map((route) =>
      compileRoute(fn.target, { method: route.method, path: route.path, handlerName: route.handler, functionName: fn.name, middleware: route.middleware }, outer, getInstance, c),
    ),
  );
}

/** The HTTP triggers of a triggered function become routes, mounted beside the controllers. */
export async function compileTriggerRoutes(fn: FunctionDefinition, getInstance: InstanceGetter, c: Compilation): Promise<CompiledRoute[]> {
  const routes: Promise<CompiledRoute>[] = [];
  for (const trigger of fn.triggers) {
    if (!isHttpTrigger(trigger)) continue;
    for (const method of triggerMethods(trigger.options)) {
      const spec = { method, path: trigger.options.path, handlerName: fn.handlerName!, functionName: fn.name, middleware: trigger.options.middleware ?? [] };
      routes.push(compileRoute(fn.target, spec, [], getInstance, c));
    }
  }
  return Promise.all(routes);
}

/** The event chain of a triggered function, if it has any non-HTTP trigger. */
export async function compileFunctionEvents(fn: FunctionDefinition, getInstance: InstanceGetter, c: Compilation): Promise<EventHandler | undefined> {
  if (!fn.handlerName || fn.triggers.every(isHttpTrigger)) return undefined;
  const own = await ownFilters(c, fn.target, fn.handlerName);
  const global = c.globalFilters;
  const selectFilter: FilterSelector | null = own && global ? (err, invocation) => own(err, invocation) ?? global(err, invocation) : (own ?? global);
  return compileEventHandler({
    functionName: fn.name,
    handlerName: fn.handlerName,
    getInstance,
    middleware: c.eventMiddleware,
    guard: (await guardsFor(c, fn.target, fn.handlerName)) as any,
    selectFilter,
    logger: c.logger,
  });
}
