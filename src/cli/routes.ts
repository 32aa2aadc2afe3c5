import { type WickApplication } from '../app/application.js';
import { describeTrigger } from '../build/describe-trigger.js';
import { formatTable } from '../build/table.js';

/** `wick routes`: the HTTP routes, then every function with its triggers and settings. */
export function formatRoutes(app: WickApplication): string {
  const routes = [['METHOD', 'PATH', 'HANDLER', 'FUNCTION'], ...app.routes.map((route) => [route.method.toUpperCase(), route.path, `${route.target.name}.${route.handlerName}`, route.functionName])];
  const functions = [
    ['FUNCTION', 'HANDLER', 'TRIGGERS', 'MEMORY', 'TIMEOUT', 'CONCURRENCY', 'INSTANCES'],
    ...app.functions.functions.map((fn) => [
      fn.name,
      fn.handlerName ? `${fn.target.name}.${fn.handlerName}` : `${fn.target.name} (controller)`,
      fn.triggers.map(describeTrigger).join('; '),
      `${fn.settings.memorySize} MB`,
      `${fn.settings.timeout} s`,
      String(fn.settings.concurrency),
      `${fn.settings.minInstances}-${fn.settings.maxInstances}`,
    ]),
  ];
  return `Routes\n${formatTable(routes)}\n\nFunctions\n${formatTable(functions)}\n`;
}
