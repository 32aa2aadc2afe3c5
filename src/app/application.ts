import Koa from 'koa';
import { type Container } from 'inversify';
import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { ScopeEnum } from '../decorators/provide.js';
import { buildContainer } from '../container/build.js';
import { defineProvider, type ProviderDefinition } from '../container/providers.js';
import { deepMerge, getPath, type AppConfig } from '../config/load.js';
import { type ArgumentCompiler, type ArgumentCompilerFactory, type CompiledRoute } from '../http/route.js';
import { httpPipeline } from '../http/pipeline.js';
import { type Context, type KoaMiddleware } from '../http/context.js';
import { type MiddlewareRef } from '../decorators/web.js';
import { filterSelector } from '../errors/filters.js';
import { MiddlewareResolver } from '../middleware/resolve.js';
import { compileControllerRoutes, compileFunctionEvents, compileTriggerRoutes, resolveFilters, type Compilation } from './compile-routes.js';
import { instanceGetter } from '../container/instances.js';
import { collectFunctions, type FunctionDefinition } from '../functions/registry.js';
import { FunctionRuntime } from '../functions/runtime.js';
import { type EventHandler, type EventMiddleware } from '../functions/events.js';
import { createLogger, type Logger, type LogLevel } from './logger.js';
import { appKeys, type SessionInstaller } from '../middleware/session-config.js';
import { checkDecoratorMetadata } from '../decorators/compiler-settings.js';

/** Everything an app is made of, however it was found: by scanning src/ or bundled into an artifact. */
export interface AppSources {
  providers: Class[];
  /** Configuration classes, imported components first, the app's own last. */
  configurations: Class[];
  /** The merged configuration before onConfigLoad. */
  config: AppConfig;
  /** Turns DTO-typed parameters into validated ones; absent in artifacts whose routes validate nothing. */
  argumentCompiler?: ArgumentCompilerFactory;
  /** Extra checks on the functions before anything starts (cron syntax, where the scheduler is at hand). */
  checkFunctions?: (functions: FunctionDefinition[]) => void;
  /** The cookie session, on when the config says so; absent in artifacts whose config never turns it on (no koa-session). */
  session?: SessionInstaller;
}

/** What a @Configuration class may implement. Imported components run first; onStop runs in reverse. */
export interface LifecycleHooks {
  onConfigLoad?(container: Container, app: WickApplication): AppConfig | void | Promise<AppConfig | void>;
  onReady?(container: Container, app: WickApplication): void | Promise<void>;
  onServerReady?(container: Container, app: WickApplication): void | Promise<void>;
  onStop?(container: Container, app: WickApplication): void | Promise<void>;
}

type Hook = keyof LifecycleHooks;

export class WickApplication {
  readonly koa = new Koa();
  routes: CompiledRoute[] = [];
  logger: Logger = createLogger();
  private config: AppConfig = {};
  private lifecycle: LifecycleHooks[] = [];
  private closed?: Promise<void>;
  private containerRef?: Container;
  private readonly globalMiddleware: MiddlewareRef[] = [];
  private readonly globalGuards: Class[] = [];
  private readonly globalFilters: Class[] = [];
  private readonly eventMiddleware: EventMiddleware[] = [];
  private runtime?: FunctionRuntime;

  constructor(readonly appDir: string, readonly baseDir: string, readonly env: string) {
    this.koa.env = env;
  }

  get container(): Container {
    if (!this.containerRef) throw new Error('the container exists once the application has started');
    return this.containerRef;
  }

  getConfig<T = any>(path?: string): T {
    return (path === undefined ? this.config : getPath(this.config, path)) as T;
  }

  getEnv(): string {
    return this.env;
  }

  /** Global middleware, run for every request (404s included) after the built-ins, in the order given. */
  useMiddleware(middleware: MiddlewareRef | MiddlewareRef[]): void {
    this.globalMiddleware.push(...[middleware].flat());
  }

  /** Guards checked before every route's own guards. */
  useGuard(guards: Class | Class[]): void {
    this.globalGuards.push(...[guards].flat());
  }

  /** Exception filters for errors no controller filter handled. */
  useFilter(filters: Class | Class[]): void {
    this.globalFilters.push(...[filters].flat());
  }

  /** Middleware for the event chain (timer, queue, storage and direct invocations). */
  useEventMiddleware(middleware: EventMiddleware | EventMiddleware[]): void {
    this.eventMiddleware.push(...[middleware].flat());
  }

  /** Every function (triggered methods and controllers) and the core that invokes them. */
  get functions(): FunctionRuntime {
    if (!this.runtime) throw new Error('functions exist once the application has started');
    return this.runtime;
  }

  /** The request handler for Node's http server, the same one `listen` uses. */
  callback(): ReturnType<Koa['callback']> {
    return this.koa.callback();
  }

  /** Starts everything once: config, container, singletons, onReady, then routes and functions. */
  async start({ providers, configurations, config, argumentCompiler, checkFunctions, session }: AppSources): Promise<this> {
    checkDecoratorMetadata(providers);
    const functions = collectFunctions(providers);
    checkFunctions?.(functions);
    this.config = config;
    this.logger = createLogger((this.config.logger?.level as LogLevel) ?? 'info');

    const definitions = providers.map((target) => defineProvider(target, defaultScope(target)));
    const container = buildContainer(definitions, this.config);
    this.containerRef = container;
    this.lifecycle = await Promise.all(configurations.map((target) => container.getAsync<LifecycleHooks>(target)));

    for (const hooks of this.lifecycle) {
      const extra = await hooks.onConfigLoad?.(container, this);
      if (extra) this.config = deepMerge(this.config, extra);
    }
    await this.resolveSingletons(definitions);
    await this.runHook('onReady');
    await this.compile(definitions, functions, argumentCompiler?.(this.config, this.container), session?.(this.config) ?? null);
    return this;
  }

  /** Singletons are created at boot, so @Init runs (and fails) at startup rather than on a first request. */
  private async resolveSingletons(definitions: ProviderDefinition[]): Promise<void> {
    for (const definition of definitions) {
      if (definition.scope === ScopeEnum.Singleton) await this.container.getAsync(definition.target);
    }
  }

  /** After onReady, so that useMiddleware / useGuard / useFilter calls made there apply. */
  private async compile(definitions: ProviderDefinition[], functions: FunctionDefinition[], compileArg: ArgumentCompiler | undefined, installSession: ReturnType<SessionInstaller>): Promise<void> {
    const keys = appKeys(this.config);
    // Every Koa app (the server's and one per function) signs cookies with the keys and gets its own ctx.session.
    const prepareKoa = (koa: Koa) => {
      koa.env = this.env;
      if (keys) koa.keys = keys;
      return installSession?.(koa) ?? null;
    };
    const middleware = new MiddlewareResolver(this.container);
    const globalMiddleware = await middleware.resolveAll(this.globalMiddleware);
    const globalFilters = filterSelector(await resolveFilters(this.container, this.globalFilters));
    const compilation: Compilation = {
      container: this.container,
      middleware,
      globalGuards: this.globalGuards,
      globalFilters,
      eventMiddleware: this.eventMiddleware,
      compileArg,
      logger: this.logger,
      session: installSession !== null,
    };
    const routes: CompiledRoute[] = [];
    const eventHandlers = new Map<string, EventHandler>();
    for (const definition of definitions) {
      const own = functions.filter((fn) => fn.target === definition.target);
      if (own.length === 0) continue;
      const getInstance = await instanceGetter(this.container, definition);
      for (const fn of own) {
        if (!fn.handlerName) {
          routes.push(...(await compileControllerRoutes(fn, getInstance, compilation)));
          continue;
        }
        routes.push(...(await compileTriggerRoutes(fn, getInstance, compilation)));
        const events = await compileFunctionEvents(fn, getInstance, compilation);
        if (events) eventHandlers.set(fn.name, events);
      }
    }
    this.routes = routes;
    const pipelineOver = (subset: CompiledRoute[], koa: Koa) =>
      httpPipeline({ config: this.config, env: this.env, logger: this.logger, globalMiddleware, globalFilters, routes: subset, session: prepareKoa(koa) });
    this.koa.use(pipelineOver(routes, this.koa) as Koa.Middleware);
    const listenerFor = (subset: CompiledRoute[]) => {
      const koa = new Koa();
      koa.use(pipelineOver(subset, koa) as Koa.Middleware);
      return koa.callback();
    };
    this.runtime = new FunctionRuntime(functions, routes, eventHandlers, listenerFor, this.koa.callback());
  }

  async runHook(hook: Hook): Promise<void> {
    const order = hook === 'onStop' ? [...this.lifecycle].reverse() : this.lifecycle;
    for (const hooks of order) await hooks[hook]?.(this.container, this);
  }

  /** Runs onStop, then @Destroy on every singleton. Safe to call more than once. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      if (!this.containerRef) return;
      try {
        await this.runHook('onStop');
      } finally {
        await this.containerRef.unbindAllAsync();
      }
    })();
    return this.closed;
  }
}

/** Providers are request-scoped unless they say otherwise, as in Midway; lifecycle classes live as long as the app. */
function defaultScope(target: Class): ScopeEnum {
  return readOwn(KEYS.configuration, target) ? ScopeEnum.Singleton : ScopeEnum.Request;
}

export type { Context };
