import { KEYS, readOwn } from '../decorators/metadata.js';
import { type ParamMetadata } from '../decorators/web.js';
import { controllerRoutes, isHttpTrigger, type FunctionDefinition } from '../functions/registry.js';
import { describeParam } from '../http/params.js';

/** `:id`, `:"quoted name"` and `*rest` in a route path (path-to-regexp's syntax). */
function pathParamNames(path: string): Set<string> {
  return new Set([...path.matchAll(/[:*](?:"([^"]+)"|([A-Za-z_$][\w$]*))/g)].map((match) => match[1] ?? match[2]));
}

/**
 * A `@Param` name its route path does not declare would be undefined on every request: it fails the boot
 * (and `wick build`), naming the class, method, parameter and path. Controllers and HTTP triggers alike.
 */
export function checkRouteParams(functions: FunctionDefinition[]): void {
  for (const fn of functions) {
    const routes = fn.handlerName
      ? fn.triggers.filter(isHttpTrigger).map((trigger) => ({ handler: fn.handlerName!, path: trigger.options.path }))
      : controllerRoutes(fn.target);
    for (const { handler, path } of routes) {
      const declared = pathParamNames(path);
      const params = [...(readOwn<ParamMetadata[]>(KEYS.params, fn.target.prototype, handler) ?? [])].sort((a, b) => a.index - b.index);
      const missing = params.find((param) => param.source === 'param' && param.name !== undefined && !declared.has(param.name));
      if (missing) {
        throw new Error(
          `${fn.target.name}.${handler} parameter ${missing.index} (${describeParam(missing)}): @Param('${missing.name}') is not in the route path ${path}: declare :${missing.name} in the path or fix the name`,
        );
      }
    }
  }
}
