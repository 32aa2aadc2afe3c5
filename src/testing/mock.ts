import { type WickApplication } from '../app/application.js';
import { type Context } from '../http/context.js';
import { type Class } from '../decorators/metadata.js';

/*
 * Midway's mocking helpers (@midwayjs/mock over MidwayMockService), same names and arguments. Property mocks are
 * undone in reverse order by restoreAllMocks() or close(app); context mocks apply to every request the app's
 * server callback (createHttpRequest, startServer) receives after them, before any middleware runs.
 */

type ContextMock = (ctx: Context) => void;

const restorers: (() => void)[] = [];
const contextMocks = new Map<WickApplication, ContextMock[]>();
const hooked = new WeakSet<WickApplication>();

/** A value with `get` or `set` is taken as an accessor, as Midway does; anything else as a plain writable value. */
function mockDescriptor(value: unknown): PropertyDescriptor {
  const accessor = value as PropertyDescriptor | null | undefined;
  const base = { configurable: true, enumerable: true };
  return accessor && (typeof accessor.get === 'function' || typeof accessor.set === 'function')
    ? { ...base, get: accessor.get, set: accessor.set }
    : { ...base, value, writable: true };
}

/** Replaces `obj[key]` (a value, a method, or `{ get, set }`) until restoreAllMocks(). */
export function mockProperty(obj: object, key: PropertyKey, value: unknown): void {
  const own = Object.getOwnPropertyDescriptor(obj, key);
  Object.defineProperty(obj, key, mockDescriptor(value));
  restorers.push(() => {
    if (own) Object.defineProperty(obj, key, own);
    else delete (obj as Record<PropertyKey, unknown>)[key];
  });
}

/**
 * Replaces a property of a class's prototype, so every instance (singletons created at boot included) sees it;
 * an instance's own field (one assigned in the constructor or by injection) still hides it, as in Midway.
 */
export function mockClassProperty(target: Class, key: PropertyKey, value: unknown): void {
  mockProperty(target.prototype, key, value);
}

/** The app's server callback runs the context mocks first; installed once, on the app's first context mock. */
function contextMocksOf(app: WickApplication): ContextMock[] {
  let mocks = contextMocks.get(app);
  if (!mocks) contextMocks.set(app, (mocks = []));
  if (!hooked.has(app)) {
    hooked.add(app);
    app.koa.middleware.unshift(async (ctx, next) => {
      for (const mock of contextMocks.get(app) ?? []) mock(ctx as Context);
      return next();
    });
  }
  return mocks;
}

/** `ctx[key] = value` (or `{ get, set }`) on the next requests; with a function, that function is called with each ctx. */
export function mockContext(app: WickApplication, key: string | ((ctx: Context) => void), value?: unknown): void {
  contextMocksOf(app).push(typeof key === 'function' ? key : (ctx) => Object.defineProperty(ctx, key, mockDescriptor(value)));
}

/** A request header on the next requests, as if the client had sent it. */
export function mockHeader(app: WickApplication, name: string, value: string): void {
  mockContext(app, (ctx) => {
    ctx.request.headers[name.toLowerCase()] = value;
  });
}

/** `ctx.session[key] = value` on the next requests: the built-in cookie session when config `keys` is set, else a plain object. */
export function mockSession(app: WickApplication, key: string, value: unknown): void {
  mockContext(app, (ctx) => {
    if (!ctx.session) ctx.session = {};
    ctx.session[key] = value;
  });
}

/** Undoes every property mock, newest first, and drops every context mock. */
export function restoreAllMocks(): void {
  restorers.splice(0).reverse().forEach((restore) => restore());
  contextMocks.clear();
}
