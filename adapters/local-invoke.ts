import { randomUUID } from 'node:crypto';
import { type WickApplication } from '../src/app/application.js';
import { platformNamed } from './registry.js';

/**
 * Invokes one function through a platform adapter with a platform event, as the platform would. `context` adds to
 * the local context what the caller sent (a Lambda Invoke's ClientContext).
 */
export async function invokeOnPlatform(
  platformName: string,
  app: WickApplication,
  functionName: string | undefined,
  event: unknown,
  context: object = {},
): Promise<unknown> {
  const platform = platformNamed(platformName);
  const { createHandler } = await platform.loadAdapter();
  const fn = functionName === undefined ? undefined : app.functions.get(functionName);
  return createHandler(app, { functionName })(event, { ...platform.localContext(fn, randomUUID()), ...context });
}
