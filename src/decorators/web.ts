import { KEYS, appendOwn, mergeOwn, readOwn, writeOwn, type Class } from './metadata.js';
import { ScopeEnum, markProvider } from './provide.js';

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
      appendOwn<RouteMetadata>(KEYS.routes, { method, path, handler: String(handler), ...options }, target.constructor);
    };
}

export const Get = route('get');
export const Post = route('post');
export const Put = route('put');
export const Patch = route('patch');
export const Del = route('delete');
export const Head = route('head');
export const Options = route('options');
export const All = route('all');

export type ParamSource = 'query' | 'param' | 'body' | 'headers';

export interface ParamMetadata {
  index: number;
  source: ParamSource;
  name?: string;
}

function param(source: ParamSource) {
  return (name?: string): ParameterDecorator =>
    (target, handler, index) => {
      if (handler === undefined) throw new TypeError(`@${source} can only decorate handler parameters, not constructor parameters`);
      const list = [...(readOwn<ParamMetadata[]>(KEYS.params, target, handler) ?? []), { index, source, name }];
      writeOwn(KEYS.params, list, target, handler);
    };
}

export const Query = param('query');
export const Param = param('param');
export const Body = param('body');
export const Headers = param('headers');

export interface ResponseMetadata {
  status?: number;
  headers?: Record<string, string>;
  contentType?: string;
  redirect?: { url: string; status: number };
}

function patchResponse(target: object, handler: string | symbol, patch: Partial<ResponseMetadata>) {
  mergeOwn<ResponseMetadata>(KEYS.response, patch, target, handler);
}

export function HttpCode(status: number): MethodDecorator {
  return (target, handler) => patchResponse(target, handler, { status });
}

export function SetHeader(name: string, value: string): MethodDecorator {
  return (target, handler) => {
    const headers = readOwn<ResponseMetadata>(KEYS.response, target, handler)?.headers;
    patchResponse(target, handler, { headers: { ...headers, [name]: value } });
  };
}

export function ContentType(type: string): MethodDecorator {
  return (target, handler) => patchResponse(target, handler, { contentType: type });
}

export function Redirect(url: string, status = 302): MethodDecorator {
  return (target, handler) => patchResponse(target, handler, { redirect: { url, status } });
}
