import { type Container } from 'inversify';
import { type Class } from '../decorators/metadata.js';
import { APPLICATION_ID, CONTEXT_ID, ScopeEnum, configId, loggerId, type ProviderId } from '../decorators/provide.js';
import { type ProviderDefinition, type ProviderLookup } from './providers.js';

/** Where inversify keeps a class's injections (constructor arguments, properties) and its @postConstruct (@Init) methods. */
const INVERSIFY_CLASS_METADATA = '@inversifyjs/core/classMetadataReflectKey';
/** inversify's ClassElementMetadataKind.singleInjection: a plain `@inject(id)`, no multi-injection, not unmanaged. */
const SINGLE_INJECTION = 1;

interface Injection {
  kind: number;
  value: unknown;
  name?: unknown;
  tags?: Map<unknown, unknown>;
}

interface InversifyClassMetadata {
  constructorArguments: (Injection | undefined)[];
  properties: Map<string | symbol, Injection>;
  lifecycle: { postConstructMethodNames: Set<string | symbol> };
}

/** Makes one fresh instance for the request (or event) `ctx`, as inversify would: constructor, injected properties, then @Init methods in order. */
export type Construct<T> = (ctx: object) => T | Promise<T>;

/** Stands for the request context among the values resolved once: each instance gets its own request's. */
const REQUEST = Symbol('wick:request-context');

const isAppValue = (id: unknown) =>
  id === APPLICATION_ID || (typeof id === 'string' && (id.startsWith(configId('')) || id.startsWith(loggerId(''))));

/**
 * A request-scoped or prototype class whose injections are all singletons, app values (config, logger, the app) or
 * the request context gets the same object from inversify on every request, bar its identity and its ctx: so it is
 * built directly from values resolved once here and the ctx it is built for, with no container resolution (and no
 * async context) per request. Anything else (a request-scoped or prototype dependency, a binding made outside Wick, a
 * lazy, named or tagged injection) gives null: the container resolves it per request.
 */
export async function directConstruction<T>(container: Container, definition: ProviderDefinition, lookup: ProviderLookup): Promise<Construct<T> | null> {
  const metadata = classMetadata(definition.target);
  if (!metadata) return null;
  const injections = [...metadata.constructorArguments, ...metadata.properties.values()];
  if (!injections.every((injection) => injection && isStable(injection, container, lookup))) return null;
  const inits = [...metadata.lifecycle.postConstructMethodNames];
  const takesContext = injections.some((injection) => injection!.value === CONTEXT_ID);
  // An @Init of a class that takes the context might resolve more from the container: it keeps running inside the context.
  if (takesContext && inits.length > 0) return null;
  const resolveOnce = (injection: Injection) => (injection.value === CONTEXT_ID ? REQUEST : container.getAsync(injection.value as ProviderId));
  const args = await Promise.all(metadata.constructorArguments.map((injection) => resolveOnce(injection!)));
  const properties = await Promise.all([...metadata.properties].map(async ([key, injection]) => [key, await resolveOnce(injection)] as const));
  const target = definition.target as unknown as new (...args: unknown[]) => T;
  return (ctx) => {
    const instance = (takesContext ? new target(...args.map((value) => (value === REQUEST ? ctx : value))) : new target(...args)) as Record<string | symbol, unknown>;
    for (const [key, value] of properties) instance[key] = value === REQUEST ? ctx : value;
    return inits.length === 0 ? (instance as T) : runInits(instance, inits, target.name);
  };
}

/** A class that injects nothing has no metadata of its own; inversify then builds it with no arguments. */
function classMetadata(target: Class): InversifyClassMetadata | null {
  const own = Reflect.getOwnMetadata(INVERSIFY_CLASS_METADATA, target) as InversifyClassMetadata | undefined;
  if (own) return own;
  return target.length === 0 ? { constructorArguments: [], properties: new Map(), lifecycle: { postConstructMethodNames: new Set() } } : null;
}

function isStable(injection: Injection, container: Container, lookup: ProviderLookup): boolean {
  if (injection.kind !== SINGLE_INJECTION || injection.name !== undefined || (injection.tags?.size ?? 0) > 0) return false;
  const id = injection.value;
  if (id === CONTEXT_ID) return true;
  if (typeof id !== 'function' && typeof id !== 'string' && typeof id !== 'symbol') return false;
  if (isAppValue(id)) return container.isBound(id as string | symbol);
  return lookup(id as ProviderId)?.scope === ScopeEnum.Singleton;
}

/** @Init methods one after another, an async one awaited; a failure carries inversify's wording, so initErrorCause unwraps it alike. */
async function runInits<T>(instance: Record<string | symbol, unknown>, inits: (string | symbol)[], className: string): Promise<T> {
  for (const name of inits) {
    try {
      await (instance[name] as () => unknown)();
    } catch (cause) {
      throw new Error(`Unexpected error found when calling "${name.toString()}" @postConstruct decorated method on class "${className}"`, { cause });
    }
  }
  return instance as T;
}
