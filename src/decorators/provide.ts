import { inject, injectable, postConstruct, preDestroy } from 'inversify';
import { KEYS, appendOwn, readOwn, writeOwn, type Class } from './metadata.js';
import { assertExperimentalDecorators } from './compiler-settings.js';
import { type Logger as AppLogger } from '../logging/logger.js';

export enum ScopeEnum {
  Singleton = 'Singleton',
  Request = 'Request',
  Prototype = 'Prototype',
}

export type ProviderId = string | symbol | Class;

/** The service id under which the current request's Context is bound. */
export const CONTEXT_ID = Symbol.for('wick:context');

export function configId(path: string): string {
  return `wick:config:${path}`;
}

export interface ProviderMetadata {
  id?: string | symbol;
}

/** One injected property: where the value comes from, as recorded by @Inject or @Config. */
export type PropertyInjection =
  | { property: string; kind: 'inject'; id: ProviderId }
  | { property: string; kind: 'config'; path: string };

/** Registers a class as a provider; controllers, middleware and the like call this for their users. */
export function Provide(id?: string | symbol): ClassDecorator {
  return (target) => markProvider(target as unknown as Class, id);
}

export function markProvider(target: Class, id?: string | symbol): void {
  const existing = readOwn<ProviderMetadata>(KEYS.provide, target);
  if (!existing) injectable()(target);
  writeOwn(KEYS.provide, { id: id ?? existing?.id }, target);
}

export function Scope(scope: ScopeEnum): ClassDecorator {
  return (target) => writeOwn(KEYS.scope, scope, target);
}

/**
 * Property or constructor-parameter injection. Without an id, a property is resolved by its declared
 * class, or, when the declared type is an interface, by its name (`ctx` is the request context).
 */
export function Inject(id?: ProviderId): PropertyDecorator & ParameterDecorator {
  return (target: object, property: string | symbol | undefined, index?: number) => {
    assertExperimentalDecorators(property);
    if (typeof index === 'number') {
      if (id === undefined) return;
      const ids = { ...readOwn<Record<number, ProviderId>>(KEYS.constructorIds, target), [index]: id };
      writeOwn(KEYS.constructorIds, ids, target);
      inject(id)(target, property, index);
      return;
    }
    const name = String(property);
    const resolved = id ?? inferPropertyId(target, name);
    appendOwn<PropertyInjection>(KEYS.properties, { property: name, kind: 'inject', id: resolved }, target.constructor);
    inject(resolved)(target, name);
  };
}

function inferPropertyId(prototype: object, property: string): ProviderId {
  const declared = Reflect.getMetadata('design:type', prototype, property);
  if (isInjectableType(declared)) return declared;
  return property === 'ctx' ? CONTEXT_ID : property;
}

const NOT_INJECTABLE_TYPES = new Set<unknown>([Object, String, Number, Boolean, Array, Function, Promise, Symbol, undefined]);

export function isInjectableType(type: unknown): type is Class {
  return typeof type === 'function' && !NOT_INJECTABLE_TYPES.has(type);
}

/** Injects a configuration value by dotted path, e.g. `@Config('users.pageSize')`; with no path, the whole config. */
export function Config(path = ''): PropertyDecorator {
  return (target, property) => {
    assertExperimentalDecorators(property);
    appendOwn<PropertyInjection>(KEYS.properties, { property: String(property), kind: 'config', path }, target.constructor);
    inject(configId(path))(target, property);
  };
}

/** The service id under which the application is bound. */
export const APPLICATION_ID = Symbol.for('wick:application');

export function loggerId(name: string): string {
  return `wick:logger:${name}`;
}

/**
 * Injects the application (`useMiddleware`, `useFilter`, `getConfig`...). Midway's framework name,
 * as in `@App('koa')`, is accepted: Wick has one application.
 */
export function App(_framework?: string): PropertyDecorator {
  return (target, property) => {
    assertExperimentalDecorators(property);
    inject(APPLICATION_ID)(target, property);
  };
}

/** The logger's type under the decorator's name, so `@Logger() logger: Logger` reads as in Midway. */
export interface Logger extends AppLogger {}

/** Injects the app's logger; a name gives a child logger whose lines carry `name`. Per request, use `ctx.logger`. */
export function Logger(name = ''): PropertyDecorator {
  return (target, property) => {
    assertExperimentalDecorators(property);
    appendOwn<string>(KEYS.loggers, name, target.constructor);
    inject(loggerId(name))(target, property);
  };
}

export function Init(): MethodDecorator {
  return (target, method, descriptor) => {
    assertExperimentalDecorators(method);
    postConstruct()(target, method, descriptor);
  };
}

export function Destroy(): MethodDecorator {
  return (target, method, descriptor) => {
    assertExperimentalDecorators(method);
    preDestroy()(target, method, descriptor);
  };
}
