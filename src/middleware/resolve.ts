import { type Container } from 'inversify';
import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { type PathMatcher } from '../decorators/middleware.js';
import { type MiddlewareRef } from '../decorators/web.js';
import { type Context, type KoaMiddleware, type Next } from '../http/context.js';
import { returningBody } from '../http/respond.js';

/** Midway's name for what `resolve()` returns. */
export type NextFunction = Next;

/** What a @Middleware() class provides: Midway's `IMiddleware<Context, NextFunction>`. `resolve` may be async and gets the app. */
export interface IMiddleware<CTX = Context, N = NextFunction> {
  resolve(app?: any, options?: any): ((ctx: CTX, next: N) => unknown) | Promise<(ctx: CTX, next: N) => unknown>;
  match?: PathMatcher | PathMatcher[];
  ignore?: PathMatcher | PathMatcher[];
}

function isClass(ref: unknown): ref is Class {
  return typeof ref === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(ref));
}

export function middlewareName(ref: MiddlewareRef): string {
  const named = ref as { getName?: () => string; name?: string };
  return (typeof named.getName === 'function' ? named.getName() : named.name) || 'anonymous';
}

function pathMatches(matcher: PathMatcher, ctx: Context): boolean {
  if (typeof matcher === 'function') return Boolean(matcher(ctx));
  if (matcher instanceof RegExp) return matcher.test(ctx.path);
  const prefix = matcher.length > 1 ? matcher.replace(/\/$/, '') : matcher;
  return prefix === '/' || ctx.path === prefix || ctx.path.startsWith(prefix + '/');
}

/** One predicate for a path rule or a list of them (any may match); middleware `match`/`ignore` and filter `@Match` share it. */
export function pathMatcher(matchers: PathMatcher | PathMatcher[]): (ctx: Context) => boolean {
  const list = Array.isArray(matchers) ? matchers : [matchers];
  return (ctx) => list.some((matcher) => pathMatches(matcher, ctx));
}

/** A `match(ctx)` written as a method may use `this`. */
function boundTo(instance: object, matchers: IMiddleware['match']): IMiddleware['match'] {
  if (typeof matchers === 'function') return matchers.bind(instance);
  return Array.isArray(matchers) ? matchers.map((matcher) => (typeof matcher === 'function' ? matcher.bind(instance) : matcher)) : matchers;
}

/** Wraps middleware so it only runs where `match` says and never where `ignore` says. */
function scoped(fn: KoaMiddleware, match: IMiddleware['match'], ignore: IMiddleware['ignore']): KoaMiddleware {
  if (match !== undefined && ignore !== undefined) throw new Error('a middleware may declare match or ignore, not both');
  if (match !== undefined) {
    const applies = pathMatcher(match);
    return (ctx, next) => (applies(ctx) ? fn(ctx, next) : next());
  }
  if (ignore !== undefined) {
    const skipped = pathMatcher(ignore);
    return (ctx, next) => (skipped(ctx) ? next() : fn(ctx, next));
  }
  return fn;
}

/**
 * Turns middleware references into Koa functions, once, at bootstrap: a plain Koa middleware is used as
 * it is; a @Middleware() class is resolved from the container and its resolve(app) called. Either way,
 * what the middleware returns becomes the body, as in Midway.
 */
export class MiddlewareResolver {
  private readonly resolved = new Map<MiddlewareRef, KoaMiddleware>();

  constructor(
    private readonly container: Container,
    private readonly app?: unknown,
  ) {}

  async resolve(ref: MiddlewareRef): Promise<KoaMiddleware> {
    let fn = this.resolved.get(ref);
    if (!fn) {
      fn = returningBody(await this.create(ref));
      this.resolved.set(ref, fn);
    }
    return fn;
  }

  resolveAll(refs: MiddlewareRef[]): Promise<KoaMiddleware[]> {
    return Promise.all(refs.map((ref) => this.resolve(ref)));
  }

  private async create(ref: MiddlewareRef): Promise<KoaMiddleware> {
    if (typeof ref !== 'function') throw new TypeError(`middleware must be a function or a @Middleware() class, got ${typeof ref}`);
    if (!isClass(ref)) return ref as KoaMiddleware;
    if (!readOwn(KEYS.middleware, ref)) throw new TypeError(`${ref.name} is used as middleware but is not decorated with @Middleware()`);
    if (!this.container.isBound(ref)) {
      throw new Error(`middleware ${ref.name} is not registered: export it from a file under src/ or import its component`);
    }
    const instance = await this.container.getAsync<IMiddleware<any, any>>(ref);
    const fn = await instance.resolve(this.app);
    if (typeof fn !== 'function') throw new TypeError(`${ref.name}.resolve() must return a (ctx, next) function`);
    return scoped(fn as KoaMiddleware, boundTo(instance, instance.match), boundTo(instance, instance.ignore));
  }
}
