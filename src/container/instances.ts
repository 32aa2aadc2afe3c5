import { type Container } from 'inversify';
import { ScopeEnum } from '../decorators/provide.js';
import { directConstruction } from './direct-construction.js';
import { type ProviderDefinition, type ProviderLookup } from './providers.js';
import { requestContext } from './request-context.js';

export type InstanceGetter<T = any> = (ctx: object) => T | Promise<T>;

/**
 * How a compiled route gets its object: a singleton is resolved once here, at bootstrap; a request-scoped or
 * prototype provider is made fresh per request, built directly when nothing it injects varies per request but the
 * request itself (directConstruction), else resolved by the container with the request's context in reach. `direct`
 * says which of the last two.
 */
export async function instanceGetter<T>(container: Container, definition: ProviderDefinition, lookup: ProviderLookup): Promise<{ getInstance: InstanceGetter<T>; direct: boolean }> {
  if (definition.scope === ScopeEnum.Singleton) {
    const instance = await container.getAsync<T>(definition.target);
    return { getInstance: () => instance, direct: false };
  }
  const construct = await directConstruction<T>(container, definition, lookup);
  if (construct) return { getInstance: construct, direct: true };
  const target = definition.target;
  return { getInstance: (ctx) => requestContext.run(ctx, () => container.getAsync<T>(target)), direct: false };
}
