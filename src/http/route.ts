import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type HttpMethod, type ParamMetadata, type ResponseMetadata } from '../decorators/web.js';
import { type InstanceGetter } from '../container/instances.js';
import { compileArgument, describeParam, type ArgumentExtractor } from './params.js';
import { compilePipeline, type ArgumentPipeline } from './pipes.js';
import { type PipeTransform, type PipeUnionTransform } from '../decorators/pipe.js';
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

/** Hook for turning a parameter's extractor into a richer one (validation and multipart plug in here). */
export type ArgumentCompiler = (param: ParamMetadata, declaredType: unknown, extractor: ArgumentExtractor) => ArgumentExtractor;

/** Several hooks as one, applied in order: each gets the extractor the previous one made. */
export function composeArgumentCompilers(compilers: ArgumentCompiler[]): ArgumentCompiler {
  return (param, declaredType, extractor) => compilers.reduce((current, compile) => compile(param, declaredType, current), extractor);
}

export interface HandlerOptions {
  compileArg?: ArgumentCompiler;
  guard?: GuardCheck | null;
  /** The route's full path: a `@Param` name it does not declare fails the boot. */
  path?: string;
  /** The pipe objects of the handler's parameters (resolvePipes). */
  pipes?: ReadonlyMap<PipeUnionTransform, PipeTransform>;
  /** Whether requests carry `ctx.session`: a `@Session()` parameter without it fails the boot. */
  session?: boolean;
}

/** `:id`, `:"quoted name"` and `*rest` in a route path (path-to-regexp's syntax). */
export function pathParamNames(path: string): Set<string> {
  return new Set([...path.matchAll(/[:*](?:"([^"]+)"|([A-Za-z_$][\w$]*))/g)].map((match) => match[1] ?? match[2]));
}

/** Mistakes that would otherwise surface as `undefined` on every request. */
function checkParam(param: ParamMetadata, { path, session }: HandlerOptions): void {
  if (param.source === 'param' && param.name !== undefined && path !== undefined && !pathParamNames(path).has(param.name)) {
    throw new Error(`@Param('${param.name}') is not in the route path ${path}: declare :${param.name} in the path or fix the name`);
  }
  if (param.source === 'session' && session === false) {
    throw new Error('@Session() needs the session: set config keys (the session is on when keys are set and session.enable is not false)');
  }
}

export function compileHandler(
  target: Class,
  handlerName: string,
  getInstance: InstanceGetter,
  options: HandlerOptions = {},
): (ctx: Context) => Promise<void> {
  const { compileArg, guard = null, pipes = new Map() } = options;
  const prototype = target.prototype;
  if (typeof prototype[handlerName] !== 'function') throw new TypeError(`${target.name}.${handlerName} is not a method`);
  // Parameter decorators run last parameter first; boot errors name the first faulty one.
  const params = [...(readOwn<ParamMetadata[]>(KEYS.params, prototype, handlerName) ?? [])].sort((a, b) => a.index - b.index);
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', prototype, handlerName) ?? [];
  const argc = params.reduce((max, param) => Math.max(max, param.index + 1), 0);
  const extractors: (ArgumentExtractor['extract'] | undefined)[] = new Array(argc);
  const pipelines: [number, ArgumentPipeline][] = [];
  let awaits = false;
  for (const param of params) {
    try {
      checkParam(param, options);
      const plain = compileArgument(param, types[param.index]);
      const compiled = compileArg ? compileArg(param, types[param.index], plain) : plain;
      extractors[param.index] = compiled.extract;
      awaits ||= compiled.awaits;
      const pipeline = compilePipeline(param, types[param.index], handlerName, pipes);
      if (pipeline) pipelines.push([param.index, pipeline]);
    } catch (err) {
      throw new Error(`${target.name}.${handlerName} parameter ${param.index} (${describeParam(param)}): ${(err as Error).message}`, { cause: err });
    }
  }
  const piped = pipelines.length > 0 ? pipelines : null;
  const response = readOwn<ResponseMetadata>(KEYS.response, prototype, handlerName);
  const prepare = compileResponsePreparer(response);
  const redirect = redirectWriter(response);

  return async (ctx) => {
    if (guard) await guard(ctx);
    const instance = await getInstance(ctx);
    const extracted = new Array(argc);
    for (let i = 0; i < argc; i++) extracted[i] = extractors[i]?.(ctx);
    // Promise.all, not one await after another: a second rejection must not go unhandled.
    const args = awaits ? await Promise.all(extracted) : extracted;
    if (piped) for (const [index, pipeline] of piped) args[index] = await pipeline(args[index], instance);
    if (prepare) prepare(ctx);
    const result = await instance[handlerName](...args);
    if (redirect) redirect(ctx);
    else writeResult(ctx, result);
  };
}
