import { KEYS, readOwn, writeOwn, type Class } from './metadata.js';
import { ScopeEnum, markProvider } from './provide.js';
import { type Context } from '../http/context.js';

/** Where a middleware or a result filter applies: a path prefix, a RegExp on the path, or a predicate. */
export type PathMatcher = string | RegExp | ((ctx: Context) => boolean);

/** Midway's `@Match` rule: true/false, a path (prefix) or RegExp, a predicate on the context, or a list of them. */
export type MatchPattern = boolean | PathMatcher | PathMatcher[];

/** Marks a class that lives as long as the app (middleware, guards, filters and pipes are resolved once at boot). */
export function markAppLevelProvider(target: Class, key: string, value: unknown): void {
  markProvider(target);
  if (!readOwn(KEYS.scope, target)) writeOwn(KEYS.scope, ScopeEnum.Singleton, target);
  writeOwn(key, value, target);
}

/** A class whose `resolve()` returns Koa middleware; it may declare `match` / `ignore` and a static `getName()`. */
export function Middleware(): ClassDecorator {
  return (target) => markAppLevelProvider(target as unknown as Class, KEYS.middleware, true);
}

/** A class with `canActivate(ctx, targetClass, methodName)`: false means 403. */
export function Guard(): ClassDecorator {
  return (target) => markAppLevelProvider(target as unknown as Class, KEYS.guard, true);
}

/** Midway's `@Catch` options; subclasses always match here, as `matchPrototype: true` asks. */
export interface CatchOptions {
  matchPrototype?: boolean;
  /**
   * Also answer for event invocations (timers, queues, storage, direct invocation): what the filter returns is then
   * the invocation's result, a success the platform will not retry. Off by default, so an event failure stays a failure.
   */
  events?: boolean;
}

/** What `@Catch` records: the error classes (none: every error) and whether event invocations are the filter's too. */
export interface CatchMetadata {
  errors: Class<Error>[];
  events: boolean;
}

/**
 * An exception filter for the given error classes; with none it catches everything and is tried last.
 * `@Catch(A, B)`, or as in Midway `@Catch([A, B], { matchPrototype })`; `{ events: true }` extends it to event invocations.
 */
export function Catch(...args: (Class<Error> | Class<Error>[] | CatchOptions | undefined)[]): ClassDecorator {
  const flat = args.flat();
  const errors = flat.filter((arg): arg is Class<Error> => typeof arg === 'function');
  const events = flat.some((arg) => typeof arg === 'object' && arg?.events === true);
  return (target) => markAppLevelProvider(target as unknown as Class, KEYS.catch, { errors, events } satisfies CatchMetadata);
}

/**
 * A result filter, as Midway's: its `match(value, ctx)` gets each successful result where the rule matches
 * (default: every request) and returns the body to send. Register it with `app.useFilter`.
 */
export function Match(rule: MatchPattern = true): ClassDecorator {
  return (target) => markAppLevelProvider(target as unknown as Class, KEYS.match, rule);
}

/** Keeps a list per class (for the controller) or per method (for one route). */
function classOrMethodList(key: string, items: Class[]): ClassDecorator & MethodDecorator {
  return ((target: object, method?: string | symbol) => {
    const owner = method === undefined ? target : target.constructor;
    const slot = method === undefined ? '' : String(method);
    const current = readOwn<Record<string, Class[]>>(key, owner) ?? {};
    writeOwn(key, { ...current, [slot]: [...(current[slot] ?? []), ...items] }, owner);
  }) as ClassDecorator & MethodDecorator;
}

/** `@UseGuard(A, B)` or, as in Midway, `@UseGuard([A, B])`. */
export function UseGuard(...guards: (Class | Class[])[]): ClassDecorator & MethodDecorator {
  return classOrMethodList(KEYS.guards, guards.flat());
}

export function UseFilter(...filters: Class[]): ClassDecorator & MethodDecorator {
  return classOrMethodList(KEYS.filters, filters);
}

/** Guards or filters declared for a class ('' key) and one of its methods, class-level first. */
export function declaredFor(key: string, target: Class, method: string): Class[] {
  const lists = readOwn<Record<string, Class[]>>(key, target) ?? {};
  return [...(lists[''] ?? []), ...(lists[method] ?? [])];
}
