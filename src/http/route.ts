import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type HttpMethod, type ParamMetadata, type ResponseMetadata } from '../decorators/web.js';
import { type InstanceGetter } from '../container/instances.js';
import { compileArgument, type ArgumentExtractor } from './params.js';
import { compileResponsePreparer, redirectWriter, writeResult } from './respond.js';
import { type Context, type KoaMiddleware } from './context.js';
import { type GuardCheck } from './guards.js';

/** A route after bootstrap: everything the request path needs, with no metadata left to read. */
export interface CompiledRoute {
  method: HttpMethod;
  path: string;
  target: Class;
  handlerName: string;
  /** The function this route belongs to: the controller's, or the triggered method's. */
  functionName: string;
  /** Controller filters, then controller and route middleware, resolved to Koa functions. */
  middleware: KoaMiddleware[];
  /** Guards, argument extraction (with validation), the handler and the response writing. */
  handle: (ctx: Context) => Promise<void>;
}

export function joinPath(prefix: string, path: string): string {
  const joined = `/${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Hook for turning a parameter's extractor into a richer one (validation plugs in here). */
export type ArgumentCompiler = (param: ParamMetadata, declaredType: unknown, extractor: ArgumentExtractor) => ArgumentExtractor;

export interface HandlerOptions {
  compileArg?: ArgumentCompiler;
  guard?: GuardCheck | null;
}

export function compileHandler(
  target: Class,
  handlerName: string,
  getInstance: InstanceGetter,
  { compileArg, guard = null }: HandlerOptions = {},
): (ctx: Context) => Promise<void> {
  const prototype = target.prototype;
  if (typeof prototype[handlerName] !== 'function') throw new TypeError(`${target.name}.${handlerName} is not a method`);
  const params = readOwn<ParamMetadata[]>(KEYS.params, prototype, handlerName) ?? [];
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', prototype, handlerName) ?? [];
  const argc = params.reduce((max, param) => Math.max(max, param.index + 1), 0);
  const extractors: (ArgumentExtractor['extract'] | undefined)[] = new Array(argc);
  let awaits = false;
  for (const param of params) {
    const plain = compileArgument(param, types[param.index]);
    const compiled = compileArg ? compileArg(param, types[param.index], plain) : plain;
    extractors[param.index] = compiled.extract;
    awaits ||= compiled.awaits;
  }
  const response = readOwn<ResponseMetadata>(KEYS.response, prototype, handlerName);
  const prepare = compileResponsePreparer(response);
  const redirect = redirectWriter(response);

  return async (ctx) => {
    if (guard) await guard(ctx);
    const instance = await getInstance(ctx);
    const args = new Array(argc);
    for (let i = 0; i < argc; i++) args[i] = extractors[i]?.(ctx);
    if (awaits) for (let i = 0; i < argc; i++) args[i] = await args[i];
    if (prepare) prepare(ctx);
    const result = await instance[handlerName](...args);
    if (redirect) redirect(ctx);
    else writeResult(ctx, result);
  };
}
