import { CONTEXT_ID, ScopeEnum, isInjectableType } from '../decorators/provide.js';
import { describeId, type ProviderDefinition, type ProviderLookup } from './providers.js';

export class DependencyError extends Error {
  readonly code = 'WICK_ERR_DEPENDENCY';
  override name = 'DependencyError';
}

/**
 * Checks the whole provider graph at startup so that a wiring mistake fails the boot, naming the
 * class and the property, instead of failing a request later.
 */
export function validateGraph(definitions: ProviderDefinition[], lookup: ProviderLookup): void {
  for (const definition of definitions) checkMissing(definition, lookup);
  checkCycles(definitions, lookup);
  for (const definition of definitions) {
    if (definition.scope === ScopeEnum.Singleton) checkSingletonCapturesNoRequest(definition, lookup);
  }
}

function checkMissing(definition: ProviderDefinition, lookup: ProviderLookup): void {
  for (const dependency of definition.dependencies) {
    if (dependency.id === CONTEXT_ID || lookup(dependency.id)) continue;
    const hint = isInjectableType(dependency.id)
      ? ` (is ${describeId(dependency.id)} decorated with @Provide() and inside src/?)`
      : typeof dependency.id === 'function'
        ? ' (its declared type is not a class: pass an id to @Inject)'
        : '';
    throw new DependencyError(
      `${definition.target.name}: ${dependency.site} needs ${describeId(dependency.id)}, but no provider is registered for it${hint}`,
    );
  }
}

function checkCycles(definitions: ProviderDefinition[], lookup: ProviderLookup): void {
  const done = new Set<ProviderDefinition>();
  const path: string[] = [];
  const onPath = new Set<ProviderDefinition>();
  const visit = (definition: ProviderDefinition) => {
    if (done.has(definition)) return;
    onPath.add(definition);
    for (const dependency of definition.dependencies) {
      const next = dependency.id === CONTEXT_ID ? undefined : lookup(dependency.id);
      if (!next) continue;
      path.push(`${definition.target.name}.${dependency.site}`);
      if (onPath.has(next)) {
        throw new DependencyError(`circular dependency: ${path.join(' -> ')} -> ${next.target.name}`);
      }
      visit(next);
      path.pop();
    }
    onPath.delete(definition);
    done.add(definition);
  };
  definitions.forEach(visit);
}

/** A singleton lives across requests, so it must not reach the request context, even indirectly. */
function checkSingletonCapturesNoRequest(singleton: ProviderDefinition, lookup: ProviderLookup): void {
  const seen = new Set<ProviderDefinition>();
  const walk = (definition: ProviderDefinition, trail: string[]) => {
    seen.add(definition);
    for (const dependency of definition.dependencies) {
      const step = [...trail, `${definition.target.name}.${dependency.site}`];
      if (dependency.id === CONTEXT_ID) {
        throw new DependencyError(
          `${singleton.target.name} is a singleton but injects the request context (${step.join(' -> ')}); ` +
            'make it @Scope(ScopeEnum.Request) or pass the context as an argument',
        );
      }
      const next = lookup(dependency.id);
      if (next && next.scope !== ScopeEnum.Singleton && !seen.has(next)) walk(next, step);
    }
  };
  walk(singleton, []);
}
