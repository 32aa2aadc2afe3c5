import camelCase from 'camelcase';
import { KEYS, readOwn, type Class } from '../decorators/metadata.js';
import { CONTEXT_ID, ScopeEnum, type PropertyInjection, type ProviderId, type ProviderMetadata } from '../decorators/provide.js';

interface Dependency {
  /** How the dependency is named in errors: `property userService` or `constructor parameter #0`. */
  site: string;
  id: ProviderId;
}

export interface ProviderDefinition {
  target: Class;
  scope: ScopeEnum;
  /** Extra ids the class answers to: its explicit @Provide id, else its name in camelCase. */
  aliases: (string | symbol)[];
  dependencies: Dependency[];
  configPaths: string[];
}

export type ProviderLookup = (id: ProviderId) => ProviderDefinition | undefined;

/** Finds a provider by its class or by an alias; when two providers claim one alias, the first keeps it. */
export function indexProviders(definitions: ProviderDefinition[]): ProviderLookup {
  const byId = new Map<ProviderId, ProviderDefinition>();
  for (const definition of definitions) {
    byId.set(definition.target, definition);
    for (const alias of definition.aliases) if (!byId.has(alias)) byId.set(alias, definition);
  }
  return (id) => byId.get(id);
}

export function isProvider(value: unknown): value is Class {
  return typeof value === 'function' && readOwn(KEYS.provide, value) !== undefined;
}

/** Class names become provider ids and function names as in Midway: `APIController` → `apiController`, `HelloHTTPService` → `helloHttpService`. */
export { camelCase };

/** Reads a provider's metadata once, at bootstrap. */
export function defineProvider(target: Class, defaultScope: ScopeEnum): ProviderDefinition {
  const provide = readOwn<ProviderMetadata>(KEYS.provide, target) ?? {};
  const properties = readOwn<PropertyInjection[]>(KEYS.properties, target) ?? [];
  const dependencies: Dependency[] = constructorDependencies(target);
  const configPaths: string[] = [];
  for (const injection of properties) {
    if (injection.kind === 'config') configPaths.push(injection.path);
    else dependencies.push({ site: `property ${injection.property}`, id: injection.id });
  }
  return {
    target,
    scope: readOwn<ScopeEnum>(KEYS.scope, target) ?? defaultScope,
    aliases: [provide.id ?? camelCase(target.name)],
    dependencies,
    configPaths,
  };
}

function constructorDependencies(target: Class): Dependency[] {
  const types: unknown[] = Reflect.getOwnMetadata('design:paramtypes', target) ?? [];
  const explicit = readOwn<Record<number, ProviderId>>(KEYS.constructorIds, target) ?? {};
  return types.map((type, index) => ({ site: `constructor parameter #${index}`, id: explicit[index] ?? (type as ProviderId) }));
}

export function describeId(id: ProviderId): string {
  if (typeof id === 'function') return id.name || 'anonymous class';
  if (id === CONTEXT_ID) return 'the request context';
  return String(id);
}
