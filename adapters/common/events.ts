import { type ServerlessTriggerType } from '../../src/decorators/serverless.js';
import { FunctionNotFoundError, type FunctionRuntime } from '../../src/functions/runtime.js';

/**
 * The function an event goes to: the one the handler was built for, or else the only function with a
 * trigger of that type. Ambiguity is an error that says how to resolve it.
 */
export function eventFunction(runtime: FunctionRuntime, trigger: ServerlessTriggerType, functionName?: string): string {
  if (functionName) return runtime.get(functionName).name;
  const candidates = runtime.functions.filter((fn) => fn.triggers.some((t) => t.type === trigger));
  if (candidates.length === 1) return candidates[0].name;
  if (candidates.length === 0) throw new FunctionNotFoundError(`no function has a ${trigger} trigger`);
  throw new FunctionNotFoundError(
    `${candidates.length} functions have a ${trigger} trigger (${candidates.map((fn) => fn.name).join(', ')}): pass functionName to the handler`,
  );
}
