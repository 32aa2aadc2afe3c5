import { type WickApplication } from '../app/application.js';
import { type TriggerMetadata } from '../decorators/serverless.js';
import { formatTable } from './table.js';

/** One line per trigger: `http GET /users/:id`, `timer cron 0 0 * * *`, `mq orders`, ... */
export function describeTrigger(trigger: TriggerMetadata): string {
  switch (trigger.type) {
    case 'http':
    case 'apigw':
      return `${trigger.type} ${[trigger.options.method ?? 'get'].flat().map((method) => method.toUpperCase()).join(',')} ${trigger.options.path}`;
    case 'timer':
      return `timer ${trigger.options.type} ${trigger.options.value}`;
    case 'os':
      return `os ${trigger.options.bucket} ${trigger.options.events.join(',')}`;
    case 'mq':
      return `mq ${trigger.options.topic}`;
    default:
      return trigger.type;
  }
}

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
