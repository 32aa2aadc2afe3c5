import { Container } from 'inversify';
import { getPath, type AppConfig } from '../config/load.js';
import { CONTEXT_ID, ScopeEnum, configId } from '../decorators/provide.js';
import { validateGraph } from './graph.js';
import { indexProviders, type ProviderDefinition } from './providers.js';
import { requestContext } from './request-context.js';

/** Binds every provider into a fresh inversify container after the graph checks pass. */
export function buildContainer(definitions: ProviderDefinition[], config: AppConfig): Container {
  const lookup = indexProviders(definitions);
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
  for (const definition of definitions) {
    for (const alias of definition.aliases) if (lookup(alias) === definition) container.bind(alias).toService(definition.target);
  }
  return container;
}
