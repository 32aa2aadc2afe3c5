import { type Class } from '../decorators/metadata.js';
import { CONTEXT_ID, ScopeEnum } from '../decorators/provide.js';
import { type ProviderDefinition, type ProviderLookup } from './providers.js';

/** Whether a provider injects the request context, directly or through request-scoped and prototype dependencies. */
function reachesContext(definition: ProviderDefinition, lookup: ProviderLookup, seen = new Set<ProviderDefinition>()): boolean {
  seen.add(definition);
  return definition.dependencies.some((dependency) => {
    if (dependency.id === CONTEXT_ID) return true;
    const next = lookup(dependency.id);
    return next !== undefined && next.scope !== ScopeEnum.Singleton && !seen.has(next) && reachesContext(next, lookup, seen);
  });
}

/**
 * Whether the container may be asked for the request context while a request runs: a request-scoped or prototype
 * provider reaches it and is resolved by the container, not built directly with the ctx in hand (`builtDirectly`:
 * the routes' and functions' classes that directConstruction builds). The app's own code may resolve such a provider
 * at any point of a request, after an await too, so requests then run inside the async request context.
 */
export function containerReadsRequestContext(definitions: ProviderDefinition[], lookup: ProviderLookup, builtDirectly: ReadonlySet<Class>): boolean {
  return definitions.some(
    (definition) => definition.scope !== ScopeEnum.Singleton && !builtDirectly.has(definition.target) && reachesContext(definition, lookup),
  );
}
