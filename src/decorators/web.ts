import { KEYS, appendOwn, mergeOwn, readOwn, writeOwn, type Class } from './metadata.js';
import { ScopeEnum, markProvider } from './provide.js';
import { assertExperimentalDecorators } from './compiler-settings.js';
import { type PipeUnionTransform } from './pipe.js';

/** A middleware class (resolved through DI) or a plain Koa middleware function. */
export type MiddlewareRef = Class | ((ctx: any, next: () => Promise<unknown>) => unknown);

export interface ControllerOptions {
  middleware?: MiddlewareRef[];
}

export interface ControllerMetadata extends ControllerOptions {
  prefix: string;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options' | 'all';

export interface RouteOptions {
  middleware?: MiddlewareRef[];
}

export interface RouteMetadata extends RouteOptions {
  method: HttpMethod;
  path: string;
  handler: string;
}

export function Controller(prefix = '/', options: ControllerOptions = {}): ClassDecorator {
  return (target) => {
    markProvider(target as unknown as Class);
    if (!readOwn(KEYS.scope, target)) writeOwn(KEYS.scope, ScopeEnum.Request, target);
    writeOwn(KEYS.controller, { prefix, ...options } satisfies ControllerMetadata, target);
  };
}

function route(method: HttpMethod) {
  return (path = '/', options: RouteOptions = {}): MethodDecorator =>
    (target, handler) => {
      assertExperimentalDecorators(handler);
      appendOwn<RouteMetadata>(KEYS.routes, { method, path, handler: String(handler), ...options }, target.constructor);
    };
}

export const Get = /* @__PURE__ */ route('get');
export const Post = /* @__PURE__ */ route('post');
export const Put = /* @__PURE__ */ route('put');
export const Patch = /* @__PURE__ */ route('patch');
export const Del = /* @__PURE__ */ route('delete');
export const Head = /* @__PURE__ */ route('head');
export const Options = /* @__PURE__ */ route('options');
export const All = /* @__PURE__ */ route('all');

export type ParamSource =
  | 'query' | 'queries' | 'param' | 'body' | 'headers' | 'session' | 'files' | 'fields' | 'requestPath' | 'requestIP' | 'custom';

/** `@Body(ALL)`, `@Query(ALL)`...: the whole object, as with no name. */
export const ALL = 'wick:all-values';

/** Reads a custom parameter from the request context; may be async. */
export type RequestParamGetter<T = unknown> = (ctx: any) => T | Promise<T>;

export interface ParamMetadata {
  index: number;
  source: ParamSource;
  name?: string;
  /** Run in order after extraction and conversion. */
  pipes?: PipeUnionTransform[];
  /** For `custom`: what createRequestParamDecorator was given. */
  getter?: RequestParamGetter;
}

function recordParam(target: object, handler: string | symbol | undefined, index: number, param: Omit<ParamMetadata, 'index'>): void {
  if (handler === undefined) throw new TypeError(`@${param.source} can only decorate handler parameters, not constructor parameters`);
  const list = [...(readOwn<ParamMetadata[]>(KEYS.params, target, handler) ?? []), { index, ...param }];
  writeOwn(KEYS.params, list, target, handler);
}

function withPipes(pipes: PipeUnionTransform[] | undefined): Pick<ParamMetadata, 'pipes'> {
  return pipes?.length ? { pipes } : {};
}

/** Midway's shape: `(name?, pipes?)`, or `(pipes)` alone for the whole value. */
function param(source: ParamSource) {
  return (nameOrPipes?: string | PipeUnionTransform[], pipes?: PipeUnionTransform[]): ParameterDecorator => {
    const name = Array.isArray(nameOrPipes) || nameOrPipes === ALL ? undefined : nameOrPipes;
    const list = Array.isArray(nameOrPipes) ? nameOrPipes : pipes;
    return (target, handler, index) => recordParam(target, handler, index, { source, name, ...withPipes(list) });
  };
}

/** A parameter decorator for a value nothing else reads (the path, the client address), with optional pipes. */
function whole(source: ParamSource) {
  return (pipes?: PipeUnionTransform[]): ParameterDecorator =>
    (target, handler, index) => recordParam(target, handler, index, { source, ...withPipes(pipes) });
}

export const Query = /* @__PURE__ */ param('query');
/** Every value of a repeated query key, always an array; without a name, every key's values. */
export const Queries = /* @__PURE__ */ param('queries');
export const Param = /* @__PURE__ */ param('param');
export const Body = /* @__PURE__ */ param('body');
export const Headers = /* @__PURE__ */ param('headers');
/** `ctx.session`, or one of its keys. */
export const Session = /* @__PURE__ */ param('session');
/** Uploaded files of a multipart body (all, or those of one field): `{ filename, fieldName, mimeType, data }`. */
export const Files = /* @__PURE__ */ param('files');
/** The text fields of a multipart body, or one of them. */
export const Fields = /* @__PURE__ */ param('fields');
export const RequestPath = /* @__PURE__ */ whole('requestPath');
export const RequestIP = /* @__PURE__ */ whole('requestIP');

/** A parameter decorator of your own: `export const User = () => createRequestParamDecorator((ctx) => ctx.state.user)`. */
export function createRequestParamDecorator<T = unknown>(getter: RequestParamGetter<T>, pipesOrOptions?: PipeUnionTransform[] | { pipes?: PipeUnionTransform[] }): ParameterDecorator {
  const pipes = Array.isArray(pipesOrOptions) ? pipesOrOptions : pipesOrOptions?.pipes;
  return (target, handler, index) => recordParam(target, handler, index, { source: 'custom', getter, ...withPipes(pipes) });
}

export interface ResponseMetadata {
  status?: number;
  headers?: Record<string, string>;
  contentType?: string;
  redirect?: { url: string; status: number };
}

function patchResponse(target: object, handler: string | symbol, patch: Partial<ResponseMetadata>) {
  assertExperimentalDecorators(handler);
  mergeOwn<ResponseMetadata>(KEYS.response, patch, target, handler);
}

export function HttpCode(status: number): MethodDecorator {
  return (target, handler) => patchResponse(target, handler, { status });
}

/** `@SetHeader(name, value)` or, as in Midway, `@SetHeader({ name: value, ... })`; repeatable. */
export function SetHeader(nameOrMap: string | Record<string, string>, value?: string): MethodDecorator {
  const added = typeof nameOrMap === 'string' ? { [nameOrMap]: String(value) } : nameOrMap;
  return (target, handler) => {
    const headers = readOwn<ResponseMetadata>(KEYS.response, target, handler)?.headers;
    patchResponse(target, handler, { headers: { ...headers, ...added } });
  };
}

export function ContentType(type: string): MethodDecorator {
  return (target, handler) => patchResponse(target, handler, { contentType: type });
}

export function Redirect(url: string, status = 302): MethodDecorator {
  return (target, handler) => patchResponse(target, handler, { redirect: { url, status } });
}
