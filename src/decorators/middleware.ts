import { KEYS, readOwn, writeOwn, type Class } from './metadata.js';
import { ScopeEnum, markProvider } from './provide.js';

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

/** An exception filter for the given error classes; with none it catches everything and is tried last. */
export function Catch(...errors: Class<Error>[]): ClassDecorator {
  return (target) => markAppLevelProvider(target as unknown as Class, KEYS.catch, errors);
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
