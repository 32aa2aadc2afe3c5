import { type TriggerMetadata } from '../decorators/serverless.js';
import { middlewareName } from '../middleware/resolve.js';

/** Trigger options as data: middleware references become their names. */
export function serializableTriggers(triggers: TriggerMetadata[]): TriggerMetadata[] {
  return triggers.map((trigger) => {
    const options = trigger.options as { middleware?: unknown[] } | undefined;
    if (!options?.middleware) return trigger;
    const middleware = options.middleware.map((ref) => middlewareName(ref as any));
    return { ...trigger, options: { ...options, middleware } } as unknown as TriggerMetadata;
  });
}
