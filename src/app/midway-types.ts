import { type Container } from 'inversify';
import { type Class } from '../decorators/metadata.js';
import { type Context } from '../http/context.js';
import { type BuiltinMiddlewareConfig } from '../middleware/pipeline.js';
import { type SessionConfig } from '../middleware/session-config.js';
import { type WickApplication, type LifecycleHooks } from './application.js';
import { type LogLevel } from '../logging/logger.js';
import { type AppInfo } from '../config/load.js';
import { type NextFunction } from '../middleware/resolve.js';
import { type AsyncContextConfig } from './async-context.js';

/** Midway's names for Wick's types, so `@App() app: koa.Application` and `implements ILifeCycle` read as in Midway. */
export type Application = WickApplication;
export type IMidwayApplication = WickApplication;
export type IMidwayContainer = Container;
export type IMidwayContext = Context;
/** The names older Midway koa apps import. */
export type IMidwayKoaApplication = WickApplication;
export type IMidwayKoaContext = Context;
export type IMidwayKoaNext = NextFunction;
/** `@midwayjs/faas`'s context: HTTP-triggered handlers get Koa's, as in every mode. */
export type FaaSContext = Context;
/** What a config function `(appInfo) => config` receives. */
export type MidwayAppInfo = AppInfo;

/** onConfigLoad (may return config to merge), onReady, onServerReady, onStop: each gets the container and the app. */
export interface ILifeCycle extends LifecycleHooks {}

/** A @Guard() class: false means 403; throwing (e.g. UnauthorizedError) is that error. */
export interface IGuard<CTX = Context> {
  canActivate(ctx: CTX, supplierClz: Class, methodName: string): boolean | Promise<boolean>;
}

/** What Midway's `createApp<Framework>()` is typed by: a framework whose application the helper returns. */
export interface Framework {
  getApplication(): Application;
}

/** The config keys Wick reads, typed; any other key is the app's own. */
export interface MidwayConfig extends BuiltinMiddlewareConfig, AsyncContextConfig {
  koa?: {
    /** The server's port when neither --port nor PORT is given; `null` (Midway's unittest value) means the default. */
    port?: number | null;
    /** Put before every controller route, e.g. `/api`. */
    globalPrefix?: string;
    [option: string]: unknown;
  };
  /** Cookie signing keys: an array, or comma-separated in one string. */
  keys?: string | string[];
  session?: SessionConfig;
  logger?: { level?: LogLevel };
  [key: string]: unknown;
}
