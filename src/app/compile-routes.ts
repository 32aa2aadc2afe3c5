import { type Container } from 'inversify';
import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { declaredFor } from '../decorators/middleware.js';
import { type ControllerMetadata, type RouteMetadata } from '../decorators/web.js';
import { instanceGetter } from '../container/instances.js';
import { type ProviderDefinition } from '../container/providers.js';
import { filterSelector, type RegisteredFilter } from '../errors/filters.js';
import { compileGuards, type CanActivate } from '../http/guards.js';
import { compileHandler, joinPath, type ArgumentCompiler, type CompiledRoute } from '../http/route.js';
import { type KoaMiddleware } from '../http/context.js';
import { filtering } from '../middleware/error-handler.js';
import { type MiddlewareResolver } from '../middleware/resolve.js';
import { type Logger } from './logger.js';

export interface RouteCompilation {
  container: Container;
  middleware: MiddlewareResolver;
  globalGuards: Class[];
  compileArg: ArgumentCompiler;
  logger: Logger;
}

async function resolveRegistered<T>(container: Container, target: Class, role: string): Promise<T> {
  if (!container.isBound(target)) throw new Error(`${role} ${target.name} is not registered: export it from a file under src/ or import its component`);
  return container.getAsync<T>(target);
}

export async function resolveFilters(container: Container, classes: Class[]): Promise<RegisteredFilter[]> {
  return Promise.all(
    classes.map(async (target) => {
      const catches = readOwn<Class<Error>[]>(KEYS.catch, target);
      if (!catches) throw new TypeError(`${target.name} is used as a filter but is not decorated with @Catch()`);
      return { instance: await resolveRegistered(container, target, 'filter'), catches };
    }),
  );
}

async function resolveGuards(container: Container, classes: Class[]): Promise<CanActivate[]> {
  return Promise.all(
    classes.map((target) => {
      if (!readOwn(KEYS.guard, target)) throw new TypeError(`${target.name} is used as a guard but is not decorated with @Guard()`);
      return resolveRegistered<CanActivate>(container, target, 'guard');
    }),
  );
}

/** Compiles every route of one controller: resolved middleware, guards, filters, extractors. */
export async function compileControllerRoutes(definition: ProviderDefinition, c: RouteCompilation): Promise<CompiledRoute[]> {
  const target = definition.target;
  const controller = readOwn<ControllerMetadata>(KEYS.controller, target);
  if (!controller) return [];
  const getInstance = await instanceGetter(c.container, definition);
  const controllerMiddleware = await c.middleware.resolveAll(controller.middleware ?? []);
  const routes = readOwn<RouteMetadata[]>(KEYS.routes, target) ?? [];
  return Promise.all(
    routes.map(async (route): Promise<CompiledRoute> => {
      const guards = await resolveGuards(c.container, [...c.globalGuards, ...declaredFor(KEYS.guards, target, route.handler)]);
      const selectFilter = filterSelector(await resolveFilters(c.container, declaredFor(KEYS.filters, target, route.handler)));
      const middleware: KoaMiddleware[] = [
        ...(selectFilter ? [filtering(selectFilter, c.logger)] : []),
        ...controllerMiddleware,
        ...(await c.middleware.resolveAll(route.middleware ?? [])),
      ];
      return {
        method: route.method,
        path: joinPath(controller.prefix, route.path),
        target,
        handlerName: route.handler,
        middleware,
        handle: compileHandler(target, route.handler, getInstance, {
          compileArg: c.compileArg,
          guard: compileGuards(guards, target, route.handler),
        }),
      };
    }),
  );
}
