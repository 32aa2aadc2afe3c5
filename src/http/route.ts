import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type HttpMethod, type ParamMetadata, type ResponseMetadata } from '../decorators/web.js';
import { type InstanceGetter } from '../container/instances.js';
import { compileArgument, describeParam, type ArgumentExtractor } from './params.js';
import { type AppConfig } from '../config/load.js';
import { type Container } from 'inversify';
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
  /** Guards, argument extraction (with validation), the handler and the response writing; resolves to the handler's result. */
  handle: (ctx: Context) => Promise<unknown>;
}

export function joinPath(prefix: string, path: string): string {
  const joined = `/${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Hook for turning a parameter's extractor into a richer one (multipart, validation and pipes plug in here). */
export type ArgumentCompiler = (param: ParamMetadata, declaredType: unknown, extractor: ArgumentExtractor, methodName: string) => ArgumentExtractor;

/** Makes the app's argument hooks once its config is final and its singletons (pipes among them) exist. */
export type ArgumentCompilerFactory = (config: AppConfig, container: Container) => ArgumentCompiler;

/** Several hooks as one, applied in order: each gets the extractor the previous one made. */
export function composeArgumentCompilers(compilers: ArgumentCompiler[]): ArgumentCompiler {
  return (param, declaredType, extractor, methodName) => compilers.reduce((current, compile) => compile(param, declaredType, current, methodName), extractor);
}

interface HandlerOptions {
  compileArg?: ArgumentCompiler;
  guard?: GuardCheck | null;
  /** Whether requests carry `ctx.session`: a `@Session()` parameter without it fails the boot. */
  session?: boolean;
}


export function compileHandler(
  target: Class,
  handlerName: string,
  getInstance: InstanceGetter,
  options: HandlerOptions = {},
): (ctx: Context) => Promise<unknown> {
  const { compileArg, guard = null } = options;
  const prototype = target.prototype;
  if (typeof prototype[handlerName] !== 'function') throw new TypeError(`${target.name}.${handlerName} is not a method`);
  // Parameter decorators run last parameter first; boot errors name the first faulty one.
  const params = [...(readOwn<ParamMetadata[]>(KEYS.params, prototype, handlerName) ?? [])].sort((a, b) => a.index - b.index);
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', prototype, handlerName) ?? [];
  const argc = params.reduce((max, param) => Math.max(max, param.index + 1), 0);
  const extractors: (ArgumentExtractor['extract'] | undefined)[] = new Array(argc);
  let awaits = false;
  for (const param of params) {
    try {
      if (param.source === 'session' && options.session === false) {
        throw new Error('@Session() needs the session: set config keys (the session is on when keys are set and session.enable is not false)');
      }
      const plain = compileArgument(param, types[param.index]);
      const compiled = compileArg ? compileArg(param, types[param.index], plain, handlerName) : plain;
      extractors[param.index] = compiled.extract;
      awaits ||= compiled.awaits;
    } catch (err) {
      throw new Error(`${target.name}.${handlerName} parameter ${param.index} (${describeParam(param)}): ${(err as Error).message}`, { cause: err });
    }
  }
  const response = readOwn<ResponseMetadata>(KEYS.response, prototype, handlerName);
  const prepare = compileResponsePreparer(response);
  const redirect = redirectWriter(response);

  return async (ctx) => {
    if (guard) await guard(ctx);
    const instance = await getInstance(ctx);
    const extracted = new Array(argc);
    for (let i = 0; i < argc; i++) extracted[i] = extractors[i]?.(ctx, instance);
    // Promise.all, not one await after another: a second rejection must not go unhandled.
    const args = awaits ? await Promise.all(extracted) : extracted;
    if (prepare) prepare(ctx);
    const result = await instance[handlerName](...args);
    if (redirect) redirect(ctx);
    else writeResult(ctx, result);
    return result;
  };
}
