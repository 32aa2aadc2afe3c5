import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type ControllerMetadata, type HttpMethod, type MiddlewareRef, type ParamMetadata, type ResponseMetadata, type RouteMetadata } from '../decorators/web.js';
import { type InstanceGetter } from '../container/instances.js';
import { compileArgument, type ArgumentExtractor } from './params.js';
import { compileResponsePreparer, redirectWriter, writeResult } from './respond.js';
import { type Context } from './context.js';

/** A route after bootstrap: everything the request path needs, with no metadata left to read. */
export interface CompiledRoute {
  method: HttpMethod;
  path: string;
  target: Class;
  handlerName: string;
  /** Controller-level then route-level middleware, in order. */
  middleware: MiddlewareRef[];
  handle: (ctx: Context) => Promise<void>;
}

export function joinPath(prefix: string, path: string): string {
  const joined = `/${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Hook for turning a parameter's extractor into a richer one (validation plugs in here). */
export type ArgumentCompiler = (param: ParamMetadata, declaredType: unknown, extractor: ArgumentExtractor) => ArgumentExtractor;

export function compileHandler(
  target: Class,
  handlerName: string,
  getInstance: InstanceGetter,
  compileArg: ArgumentCompiler = (_param, _type, extractor) => extractor,
): (ctx: Context) => Promise<void> {
  const prototype = target.prototype;
  if (typeof prototype[handlerName] !== 'function') throw new TypeError(`${target.name}.${handlerName} is not a method`);
  const params = readOwn<ParamMetadata[]>(KEYS.params, prototype, handlerName) ?? [];
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', prototype, handlerName) ?? [];
  const argc = params.reduce((max, param) => Math.max(max, param.index + 1), 0);
  const extractors: (ArgumentExtractor | undefined)[] = new Array(argc);
  for (const param of params) {
    extractors[param.index] = compileArg(param, types[param.index], compileArgument(param, types[param.index]));
  }
  const response = readOwn<ResponseMetadata>(KEYS.response, prototype, handlerName);
  const prepare = compileResponsePreparer(response);
  const redirect = redirectWriter(response);

  return async (ctx) => {
    const instance = await getInstance(ctx);
    const args = new Array(argc);
    for (let i = 0; i < argc; i++) args[i] = extractors[i]?.(ctx);
    if (prepare) prepare(ctx);
    const result = await instance[handlerName](...args);
    if (redirect) redirect(ctx);
    else writeResult(ctx, result);
  };
}

export function controllerRoutes(target: Class, getInstance: InstanceGetter, compileArg?: ArgumentCompiler): CompiledRoute[] {
  const controller = readOwn<ControllerMetadata>(KEYS.controller, target);
  if (!controller) return [];
  const routes = readOwn<RouteMetadata[]>(KEYS.routes, target) ?? [];
  return routes.map((route) => ({
    method: route.method,
    path: joinPath(controller.prefix, route.path),
    target,
    handlerName: route.handler,
    middleware: [...(controller.middleware ?? []), ...(route.middleware ?? [])],
    handle: compileHandler(target, route.handler, getInstance, compileArg),
  }));
}
