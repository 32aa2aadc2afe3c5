import Koa from 'koa';
import { type Container } from 'inversify';
import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { APPLICATION_ID, ScopeEnum, configId, loggerId } from '../decorators/provide.js';
import { buildContainer } from '../container/build.js';
import { defineProvider, indexProviders, type ProviderDefinition } from '../container/providers.js';
import { deepMerge, getPath, type AppConfig } from '../config/load.js';
import { type ArgumentCompiler, type ArgumentCompilerFactory, type CompiledRoute } from '../http/route.js';
import { httpPipeline } from '../middleware/pipeline.js';
import { routerMiddleware } from '../http/router.js';
import { routedTo, selectedRouter } from '../http/route-selection.js';
import { type Context, type KoaMiddleware } from '../http/context.js';
import { type MiddlewareRef } from '../decorators/web.js';
import { filterSelector, resultFiltering } from '../middleware/filters.js';
import { initErrorCause } from '../errors/init-error.js';
import { MiddlewareResolver } from '../middleware/resolve.js';
import { compileControllerRoutes, compileFunctionEvents, compileTriggerRoutes, globalPrefixOf, resolveFilters, resolveResultFilters, type Compilation } from './compile-routes.js';
import { instanceGetter } from '../container/instances.js';
import { containerReadsRequestContext } from '../container/context-reach.js';
import { installAsyncContext } from './async-context.js';
import { collectFunctions, type FunctionDefinition } from '../functions/registry.js';
import { FunctionRuntime } from '../functions/runtime.js';
import { type EventHandler, type EventMiddleware } from '../functions/events.js';
import { configuredLevel, createLogger, type Logger, type LoggerFactory } from '../logging/logger.js';
import { configuredSecrets } from '../logging/redact.js';
import { installContextLogger, logKoaErrors } from './context-logger.js';
import { installQueryParser } from '../http/query.js';
import { parameterLimit } from '../http/form-fields.js';
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
  /** The app's logger (pino in server mode); bundles leave it out and get the small JSON-lines logger. */
  createLogger?: LoggerFactory;
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
  /**
   * HTTP requests run inside Wick's request context (Koa's asyncLocalStorage, given Wick's store) when something can
   * read it (installAsyncContext), so `koa.currentContext` and a request-scoped provider resolved after an await see
   * the request's ctx. Typed as plain Koa: inferred from the options, its context type would lose Koa's
   * DefaultContext (`app.koa.context.db = …`).
   */
  readonly koa: Koa = new Koa();
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
  private globalPrefix = '';

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

  /** The project folder (holding src/ or dist/). */
  getAppDir(): string {
    return this.appDir;
  }

  /** Where the decorated classes live: `<appDir>/src`, `<appDir>/dist`, or the artifact's folder. */
  getBaseDir(): string {
    return this.baseDir;
  }

  /** The app's logger; a name gives a child whose lines carry it. */
  getLogger(name?: string): Logger {
    return name ? this.logger.child({ name }) : this.logger;
  }

  getApplicationContext(): Container {
    return this.container;
  }

  /** Global middleware, run for every request (404s included) after the built-ins, in the order given. */
  useMiddleware(middleware: MiddlewareRef | MiddlewareRef[]): void {
    this.globalMiddleware.push(...[middleware].flat());
  }

  /** Guards checked before every route's own guards. */
  useGuard(guards: Class | Class[]): void {
    this.globalGuards.push(...[guards].flat());
  }

  /** Exception filters (@Catch) for errors no controller filter handled, and result filters (@Match) for successful answers. */
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
  async start(sources: AppSources): Promise<this> {
    try {
      return await this.boot(sources);
    } catch (err) {
      // Logged with its stack (the CLI prints only the message); an @Init() failure as the app's own error.
      const cause = initErrorCause(err);
      this.logger.error(cause, 'the app failed to start');
      throw cause;
    }
  }

  private async boot({ providers, configurations, config, argumentCompiler, checkFunctions, session, createLogger: loggerFactory }: AppSources): Promise<this> {
    checkDecoratorMetadata(providers);
    // From the config files, not from onConfigLoad: `wick build` reads the same value for the functions' triggers.
    this.globalPrefix = globalPrefixOf(config);
    const functions = collectFunctions(providers, this.globalPrefix);
    checkFunctions?.(functions);
    this.config = config;
    const level = configuredLevel(this.config);
    const secrets = configuredSecrets(this.config);
    this.logger = loggerFactory ? loggerFactory(level, this.env, secrets) : createLogger({ level, secrets });

    const definitions = providers.map((target) => defineProvider(target, defaultScope(target)));
    const container = buildContainer(definitions, this.config);
    this.containerRef = container;
    this.bindAppValues(definitions);
    this.lifecycle = await Promise.all(configurations.map((target) => container.getAsync<LifecycleHooks>(target)));

    for (const hooks of this.lifecycle) {
      const extra = await hooks.onConfigLoad?.(container, this);
      if (extra) this.config = deepMerge(this.config, extra);
    }
    this.rebindConfig(definitions);
    await this.resolveSingletons(definitions);
    await this.runHook('onReady');
    await this.compile(definitions, functions, argumentCompiler?.(this.config, this.container), (await session?.(this.config)) ?? null);
    return this;
  }

  /** What @App() and @Logger() inject; they are values of the app, not providers, so the graph checks never see them. */
  private bindAppValues(definitions: ProviderDefinition[]): void {
    this.container.bind(APPLICATION_ID).toConstantValue(this);
    const names = new Set(definitions.flatMap((definition) => readOwn<string[]>(KEYS.loggers, definition.target) ?? []));
    for (const name of names) this.container.bind(loggerId(name)).toConstantValue(this.getLogger(name));
  }

  /**
   * @Config values as onConfigLoad left them, so @Config and getConfig agree. Only the configuration
   * classes, created to run onConfigLoad, saw the config before it (as in Midway).
   */
  private rebindConfig(definitions: ProviderDefinition[]): void {
    for (const path of new Set(definitions.flatMap((definition) => definition.configPaths))) {
      this.container.rebind(configId(path)).toConstantValue(getPath(this.config, path));
    }
  }

  /** Singletons are created at boot, so @Init runs (and fails) at startup rather than on a first request. */
  private async resolveSingletons(definitions: ProviderDefinition[]): Promise<void> {
    for (const definition of definitions) {
      if (definition.scope === ScopeEnum.Singleton) await this.container.getAsync(definition.target);
    }
  }

  /** After onReady, so that useMiddleware / useGuard / useFilter calls made there apply. */
  private async compile(definitions: ProviderDefinition[], functions: FunctionDefinition[], compileArg: ArgumentCompiler | undefined, installSession: Awaited<ReturnType<SessionInstaller>>): Promise<void> {
    const keys = appKeys(this.config);
    if (keys) this.koa.keys = keys;
    installContextLogger(this.koa, this.logger);
    logKoaErrors(this.koa, this.logger);
    installQueryParser(this.koa, parameterLimit(this.config.koa?.queryParseOptions?.parameterLimit, 'koa.queryParseOptions.parameterLimit'));
    const middleware = new MiddlewareResolver(this.container, this);
    const globalMiddleware = await middleware.resolveAll(this.globalMiddleware);
    const filterClasses = this.globalFilters.filter((target) => !readOwn(KEYS.match, target) || readOwn(KEYS.catch, target));
    const globalFilters = filterSelector(await resolveFilters(this.container, filterClasses));
    const resultFilters = resultFiltering(await resolveResultFilters(this.container, this.globalFilters));
    const compilation: Compilation = {
      container: this.container,
      middleware,
      globalGuards: this.globalGuards,
      globalFilters,
      eventMiddleware: this.eventMiddleware,
      compileArg,
      globalPrefix: this.globalPrefix,
      logger: this.logger,
      session: installSession !== null,
    };
    const routes: CompiledRoute[] = [];
    const eventHandlers = new Map<string, EventHandler>();
    const lookup = indexProviders(definitions);
    const builtDirectly = new Set<Class>();
    for (const definition of definitions) {
      const own = functions.filter((fn) => fn.target === definition.target);
      if (own.length === 0) continue;
      const { getInstance, direct } = await instanceGetter(this.container, definition, lookup);
      if (direct) builtDirectly.add(definition.target);
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
    installAsyncContext(this.koa, this.config, containerReadsRequestContext(definitions, lookup, builtDirectly), this.logger);
    const session = installSession?.(this.koa) ?? null;
    const router = selectedRouter(routerMiddleware(routes));
    this.koa.use(httpPipeline({ config: this.config, env: this.env, logger: this.logger, globalMiddleware, globalFilters, resultFilters, router, session }) as Koa.Middleware);
    // One Koa app in every mode: a function's listener is its callback, answering from the function's routes only.
    const callback = this.koa.callback();
    const listenerFor = (subset: CompiledRoute[]) => routedTo(callback, routerMiddleware(subset));
    this.runtime = new FunctionRuntime(functions, routes, eventHandlers, listenerFor, callback);
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
