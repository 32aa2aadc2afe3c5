import { type TriggerMetadata } from '../decorators/serverless.js';

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
