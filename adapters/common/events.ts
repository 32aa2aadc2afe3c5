import { ServerlessTriggerType } from '../../src/decorators/serverless.js';
import { type WickApplication } from '../../src/app/application.js';
import { type InvocationOrigin } from '../../src/functions/model.js';
import { type FunctionDefinition } from '../../src/functions/registry.js';
import { FunctionNotFoundError, type FunctionRuntime } from '../../src/functions/runtime.js';
import { isObject } from './errors.js';

/**
 * The function an event goes to: the one the handler was built for, or else the only function with a
 * trigger of that type. Ambiguity is an error that says how to resolve it.
 */
function eventFunction(runtime: FunctionRuntime, trigger: ServerlessTriggerType, functionName?: string): string {
  if (functionName) return runtime.get(functionName).name;
  const candidates = runtime.functions.filter((fn) => fn.triggers.some((t) => t.type === trigger));
  if (candidates.length === 1) return candidates[0].name;
  if (candidates.length === 0) throw new FunctionNotFoundError(`no function has a ${trigger} trigger`);
  throw new FunctionNotFoundError(
    `${candidates.length} functions have a ${trigger} trigger (${candidates.map((fn) => fn.name).join(', ')}): pass functionName to the handler`,
  );
}

/** What a trigger processor may do with the function its event goes to. */
interface EventRun {
  fn: FunctionDefinition;
  /** Calls the function with one normalized `data`; `raw` is the platform record or event it came from. */
  invoke(data: unknown, raw: unknown): Promise<unknown>;
  /** A failure the platform only sees as a returned item id, so it has to be logged here. */
  reportFailure(err: unknown, itemId: string): void;
}

/** One non-HTTP event source of a platform: how to recognise its payload and run the function for it. Created once at module load. */
export interface TriggerProcessor {
  readonly trigger: ServerlessTriggerType;
  /** `<platform>:<source>`, the WickEvent's `source`. */
  readonly source: string;
  matches(event: unknown): boolean;
  /** Throws BadEventError when a recognised event lacks what its trigger needs. */
  run(event: unknown, run: EventRun): Promise<unknown>;
}

/** A direct invocation (SDK, CLI, console test event, a trigger with no processor): the caller's payload, untouched, is the data. */
export function directInvocation(source: string): TriggerProcessor {
  return { trigger: ServerlessTriggerType.EVENT, source, matches: () => true, run: (event, { invoke }) => invoke(event, event) };
}

/** A platform's event sources: its processors, most specific first, and the direct invocation that takes anything else. */
export interface EventSources {
  processors: readonly TriggerProcessor[];
  direct: TriggerProcessor;
  /** What the platform's HTTP and event processors recognise, for the error about an event none of them did. */
  recognised: string;
}

/** An event no processor recognised, sent to a handler with no function to take a direct invocation: the caller's error. */
export class UnrecognisedEventError extends Error {
  readonly code = 'WICK_ERR_UNRECOGNISED_EVENT';
  override name = 'UnrecognisedEventError';
}

/** A few of the event's keys, or its JSON, to show what came instead. */
function shapeOf(event: unknown): string {
  const shape = isObject(event) ? `an object with keys ${Object.keys(event).slice(0, 10).join(', ') || '(none)'}` : (JSON.stringify(event) ?? typeof event);
  return shape.slice(0, 200);
}

/** A direct invocation goes to the function the handler serves, or the only EVENT function, and it must take events. */
function directFunction(runtime: FunctionRuntime, sources: EventSources, event: unknown, functionName: string | undefined): string {
  const unrecognised = (reason: string) => new UnrecognisedEventError(`the event is neither ${sources.recognised} (got ${shapeOf(event)}), and ${reason}`);
  let name: string;
  try {
    name = eventFunction(runtime, ServerlessTriggerType.EVENT, functionName);
  } catch (err) {
    throw unrecognised((err as Error).message);
  }
  if (!runtime.hasEvents(name)) throw unrecognised(`function ${name} has no event trigger`);
  return name;
}

/**
 * A non-HTTP event, the same way on every platform: the first processor that recognises it (else the direct
 * invocation) runs the function it goes to, each invocation a WickEvent carrying the platform's request id (and
 * the attempt, where the runtime says it). `event` is the payload the processors read; `origin` what the platform
 * passed, as the function's origin.
 */
export function handleEvent(
  app: WickApplication,
  sources: EventSources,
  event: unknown,
  origin: InvocationOrigin,
  requestId: string | undefined,
  functionName: string | undefined,
  attempt?: number,
): Promise<unknown> {
  const runtime = app.functions;
  const processor = sources.processors.find((candidate) => candidate.matches(event)) ?? sources.direct;
  const name = processor === sources.direct ? directFunction(runtime, sources, event, functionName) : eventFunction(runtime, processor.trigger, functionName);
  return processor.run(event, {
    fn: runtime.get(name),
    invoke: (data, raw) => runtime.invokeEvent(name, { trigger: processor.trigger, source: processor.source, data, raw, requestId, attempt }, origin),
    reportFailure: (err, itemId) =>
      app.logger.error({ err, function: name, source: processor.source, itemId, requestId }, 'event item failed; it goes back to the source'),
  });
}
