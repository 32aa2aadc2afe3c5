import { Container } from 'inversify';
import { getPath, type AppConfig } from '../config/load.js';
import { CONTEXT_ID, ScopeEnum, configId, type ProviderId } from '../decorators/provide.js';
import { validateGraph } from './graph.js';
import { type ProviderDefinition } from './providers.js';
import { requestContext } from './request-context.js';

export interface BuiltContainer {
  container: Container;
  lookup(id: ProviderId): ProviderDefinition | undefined;
}

/** Binds every provider into a fresh inversify container after the graph checks pass. */
export function buildContainer(definitions: ProviderDefinition[], config: AppConfig): BuiltContainer {
  const byId = new Map<ProviderId, ProviderDefinition>();
  for (const definition of definitions) {
    byId.set(definition.target, definition);
    for (const alias of definition.aliases) if (!byId.has(alias)) byId.set(alias, definition);
  }
  const lookup = (id: ProviderId) => byId.get(id);
  validateGraph(definitions, lookup);

  const container = new Container();
  container.bind(CONTEXT_ID).toDynamicValue(() => requestContext.getStore());
  const configPaths = new Set(definitions.flatMap((definition) => definition.configPaths));
  for (const path of configPaths) container.bind(configId(path)).toConstantValue(getPath(config, path));
  for (const definition of definitions) {
    const binding = container.bind(definition.target).toSelf();
    if (definition.scope === ScopeEnum.Singleton) binding.inSingletonScope();
    else if (definition.scope === ScopeEnum.Request) binding.inRequestScope();
    else binding.inTransientScope();
  }
  for (const [id, definition] of byId) {
    if (id !== definition.target) container.bind(id).toService(definition.target);
  }
  return { container, lookup };
}
