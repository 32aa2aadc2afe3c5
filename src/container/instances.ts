import { type Container } from 'inversify';
import { ScopeEnum } from '../decorators/provide.js';
import { directConstruction } from './direct-construction.js';
import { type ProviderDefinition, type ProviderLookup } from './providers.js';
import { requestContext } from './request-context.js';

export type InstanceGetter<T = any> = (ctx: object) => T | Promise<T>;

/**
 * How a compiled route gets its object: a singleton is resolved once here, at bootstrap; a request-scoped or
 * prototype provider is made fresh per request, built directly when nothing it injects varies per request
 * (directConstruction), else resolved by the container with the request's context in reach.
 */
export async function instanceGetter<T>(container: Container, definition: ProviderDefinition, lookup: ProviderLookup): Promise<InstanceGetter<T>> {
  if (definition.scope === ScopeEnum.Singleton) {
    const instance = await container.getAsync<T>(definition.target);
    return () => instance;
  }
  const construct = await directConstruction<T>(container, definition, lookup);
  if (construct) return construct;
  const target = definition.target;
  return (ctx) => requestContext.run(ctx, () => container.getAsync<T>(target));
}
