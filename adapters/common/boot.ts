import { type WickApplication } from '../../src/app/application.js';
import { isObject, nonEmptyString } from './errors.js';

/** An app, a promise of one, or a factory: adapters boot it on the first invocation (the cold start) and keep it. */
export type AppSource = WickApplication | Promise<WickApplication> | (() => WickApplication | Promise<WickApplication>);

export function appLoader(source: AppSource): () => Promise<WickApplication> {
  let booting: Promise<WickApplication> | undefined;
  return () => {
    booting ??= Promise.resolve(typeof source === 'function' ? source() : source);
    return booting;
  };
}

export interface AdapterOptions {
  /** The function this handler serves; without it, HTTP requests are routed across every HTTP function. */
  functionName?: string;
}

/**
 * The platform's request id from the context its runtime passes (`awsRequestId`, `requestId`, `request_id`): the id
 * the platform's own logs are keyed by, so it wins over one the event carries. Never throws.
 */
export function contextRequestId(context: unknown, field: string): string | undefined {
  return nonEmptyString(isObject(context) ? context[field] : undefined);
}

/**
 * An async event's attempt from the context, where the runtime puts one there: `wick host`'s runtime client does
 * (`attempt`); Lambda's, FC's and SCF's runtimes give none, so there it is undefined.
 */
export function contextAttempt(context: unknown): number | undefined {
  const attempt = isObject(context) ? context.attempt : undefined;
  return Number.isInteger(attempt) && (attempt as number) > 0 ? (attempt as number) : undefined;
}
