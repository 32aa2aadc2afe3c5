import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { camelCase } from '../container/providers.js';
import {
  ServerlessTriggerType, type FunctionSettings, type HttpTriggerOptions, type TriggerMetadata,
} from '../decorators/serverless.js';
import { type ControllerMetadata, type HttpMethod, type MiddlewareRef, type RouteMetadata } from '../decorators/web.js';
import { joinPath } from '../http/route.js';
import { checkDestinations, type ResolvedDestinations } from './destinations.js';
import { checkSettings, declaredSettings, DEFAULT_SETTINGS, type ResolvedSettings } from './settings.js';
import { checkTimerShape } from './timers.js';


/** One deployable function: a triggered method, or a whole controller with all its routes. */
export interface FunctionDefinition {
  name: string;
  target: Class;
  /** The triggered method; absent for a controller function. */
  handlerName?: string;
  triggers: TriggerMetadata[];
  settings: ResolvedSettings;
  /** The settings the app set itself (@ServerlessFunction); the others are defaults. */
  declared: (keyof ResolvedSettings)[];
  /** Where its async invocations' records go, checked against the app's functions by collectFunctions. */
  destinations?: ResolvedDestinations;
}

const HTTP_TRIGGERS = new Set<ServerlessTriggerType>([ServerlessTriggerType.HTTP, ServerlessTriggerType.API_GATEWAY]);

export function isHttpTrigger(trigger: TriggerMetadata): trigger is { type: ServerlessTriggerType.HTTP | ServerlessTriggerType.API_GATEWAY; options: HttpTriggerOptions } {
  return HTTP_TRIGGERS.has(trigger.type);
}

const HTTP_METHODS = new Set<HttpMethod>(['get', 'post', 'put', 'patch', 'delete', 'head', 'all']);

/** The methods an HTTP trigger answers, lower-case; `all` stays `all`. */
export function triggerMethods(options: HttpTriggerOptions): HttpMethod[] {
  const methods = [options.method ?? 'get'].flat().map((method) => String(method).toLowerCase() as HttpMethod);
  const unknown = methods.filter((method) => !HTTP_METHODS.has(method));
  if (unknown.length) throw new Error(`unknown HTTP method ${unknown.join(', ')}: use get, post, put, patch, delete, head or all`);
  return methods;
}

/** An HTTP trigger's path and methods, checked: the one rule for boot and the deploy descriptors. */
export function checkHttpTrigger(options: HttpTriggerOptions, where: string): HttpMethod[] {
  if (typeof options.path !== 'string' || !options.path.startsWith('/')) {
    throw new Error(`${where}: an HTTP trigger needs a path starting with /, got ${JSON.stringify(options.path)}`);
  }
  try {
    return triggerMethods(options);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
}

function checkTrigger(trigger: TriggerMetadata, where: string): void {
  if (isHttpTrigger(trigger)) checkHttpTrigger(trigger.options, where);
  else if (trigger.type === ServerlessTriggerType.TIMER) checkTimerShape(trigger.options, where);
  else if (trigger.type === ServerlessTriggerType.OS && !trigger.options.bucket) throw new Error(`${where}: an OS trigger needs a bucket`);
  else if (trigger.type === ServerlessTriggerType.MQ && !trigger.options.topic) throw new Error(`${where}: an MQ trigger needs a topic`);
}

/** The triggered methods of one class, read once at bootstrap. */
function triggeredFunctions(target: Class): FunctionDefinition[] {
  const triggers = readOwn<Record<string, TriggerMetadata[]>>(KEYS.triggers, target) ?? {};
  const settings = readOwn<Record<string, FunctionSettings>>(KEYS.function, target) ?? {};
  return Object.entries(triggers).map(([handlerName, list]) => {
    const { functionName, destinations, ...own } = settings[handlerName] ?? {};
    const where = `${target.name}.${handlerName}`;
    if (typeof target.prototype[handlerName] !== 'function') throw new Error(`${where} has a trigger but is not a method`);
    list.forEach((trigger) => checkTrigger(trigger, where));
    return {
      name: functionName ?? `${camelCase(target.name)}-${handlerName}`,
      target,
      handlerName,
      triggers: list,
      settings: checkSettings({ ...DEFAULT_SETTINGS, ...own }, where),
      declared: declaredSettings(own),
      ...(destinations !== undefined && { destinations: destinations as ResolvedDestinations }),
    };
  });
}

interface ControllerRoute {
  method: HttpMethod;
  /** Prefix and route path joined. */
  path: string;
  handler: string;
  middleware: MiddlewareRef[];
}

/**
 * A controller's routes with their full paths (`koa.globalPrefix`, the controller's prefix, the route's path), read
 * once: its function's triggers and its compiled routes come from here.
 */
export function controllerRoutes(target: Class, globalPrefix = ''): ControllerRoute[] {
  const controller = readOwn<ControllerMetadata>(KEYS.controller, target);
  if (!controller) return [];
  return (readOwn<RouteMetadata[]>(KEYS.routes, target) ?? []).map((route) => ({
    method: route.method,
    path: joinPath(`${globalPrefix}/${controller.prefix}`, route.path),
    handler: route.handler,
    middleware: route.middleware ?? [],
  }));
}

/** A controller as one function named after the class, holding all its routes as HTTP triggers. */
function controllerFunction(target: Class, globalPrefix = ''): FunctionDefinition | undefined {
  if (!readOwn(KEYS.controller, target)) return undefined;
  return {
    name: camelCase(target.name),
    target,
    triggers: controllerRoutes(target, globalPrefix).map((route) => ({
      type: ServerlessTriggerType.HTTP,
      options: { path: route.path, method: route.method === 'options' ? 'all' : route.method },
    })),
    settings: { ...DEFAULT_SETTINGS },
    declared: [],
  };
}

/** Every function of the app; two functions with one name are a startup error. Controller routes start with `globalPrefix`. */
export function collectFunctions(targets: Class[], globalPrefix = ''): FunctionDefinition[] {
  const functions = targets.flatMap((target) => [...triggeredFunctions(target), ...[controllerFunction(target, globalPrefix)].filter((fn) => fn !== undefined)]);
  const seen = new Map<string, FunctionDefinition>();
  for (const fn of functions) {
    const other = seen.get(fn.name);
    if (other) throw new Error(`two functions are named ${fn.name}: ${other.target.name} and ${fn.target.name}; set functionName in @ServerlessFunction`);
    seen.set(fn.name, fn);
  }
  for (const fn of functions) {
    const destinations = checkDestinations(fn.destinations, `${fn.target.name}.${fn.handlerName}`, fn.name);
    if (destinations) fn.destinations = destinations;
    else delete fn.destinations;
  }
  return functions;
}

/** The build's check that every function destination names a function of the app, which only the whole app knows. */
export function checkDestinationFunctions(functions: FunctionDefinition[]): void {
  const names = new Set(functions.map((fn) => fn.name));
  for (const fn of functions) checkDestinations(fn.destinations, `${fn.target.name}.${fn.handlerName}`, fn.name, names);
}
