import { Cron } from 'croner';
import { type Logger } from '../logging/logger.js';
import { ASYNC_ATTEMPTS, DEFAULT_RETRY_DELAY_MS, retryDelay } from './async-retries.js';
import { type TimerEvent } from './model.js';
import { type FunctionDefinition } from './registry.js';
import { type FunctionRuntime } from './runtime.js';
import { parseDuration, timerEvent, timerTriggers, type TimerTrigger } from './timers.js';

/** A cron expression's syntax as croner (which schedules it, here and in the host) reads it. */
export function checkCron(expression: string, where: string): void {
  try {
    new Cron(expression, { paused: true }).stop();
  } catch (err) {
    throw new Error(`${where}: invalid cron ${JSON.stringify(expression)}: ${(err as Error).message}`);
  }
}

/** Checks every cron expression, so a bad schedule fails the boot or the build rather than the first tick. */
export function checkCronSchedules(functions: FunctionDefinition[]): void {
  const where = new Map(functions.map((fn) => [fn.name, `${fn.target.name}.${fn.handlerName}: invalid timer trigger`]));
  for (const { functionName, options } of timerTriggers(functions)) {
    if (options.type === 'cron') checkCron(options.value, where.get(functionName)!);
  }
}

/** Runs `fire` on the trigger's schedule (cron in UTC, or an interval for `every`); returns a function that stops it. */
function schedule(options: TimerTrigger['options'], fire: () => void): () => void {
  if (options.type === 'every') {
    const timer = setInterval(fire, parseDuration(options.value));
    return () => clearInterval(timer);
  }
  // UTC, as every cloud scheduler runs crons: the same expression fires at the same moment everywhere.
  const job = new Cron(options.value, { protect: true, timezone: 'UTC' }, fire);
  return () => job.stop();
}

/**
 * The one timer runner: hands each timer to `deliver` on its schedule. Delivery is the caller's: the host enqueues
 * an async invocation, server mode invokes in-process (see startInProcessTimers); both retry by the one async
 * retry rule (async-retries.ts). Returns the stop.
 */
export function startTimers(timers: TimerTrigger[], deliver: (timer: TimerTrigger) => void): () => void {
  const stops = timers.map((timer) => schedule(timer.options, () => deliver(timer)));
  return () => stops.splice(0).forEach((stop) => stop());
}

/**
 * Server mode: each tick invokes the function in-process, and a failed invocation is retried by the async retry
 * rule with the same event (its `time` and request id too), as Lambda redelivers a scheduled event, and with its
 * attempt (1, 2, 3) as `wick host` gives one. Each failed attempt is logged
 * as a warning, the last as an error; server mode keeps no dead-letter file, so the event then ends there. The
 * returned stop also cancels pending retries, and an attempt that fails after it is not retried.
 */
export function startInProcessTimers(runtime: FunctionRuntime, logger: Logger, retryDelayMs = DEFAULT_RETRY_DELAY_MS): () => void {
  const retries = new Set<NodeJS.Timeout>();
  let stopped = false;
  const invoke = (timer: TimerTrigger, event: TimerEvent, attempt: number) => {
    runtime.invokeEvent(timer.functionName, { ...event, attempt }).catch((err) => {
      const fields = { err, function: timer.functionName, trigger: timer.triggerName, requestId: event.requestId, attempt, maxAttempts: ASYNC_ATTEMPTS };
      const delay = retryDelay(attempt, retryDelayMs);
      if (delay === undefined) return logger.error(fields, 'timer invocation failed %d times, giving up (server mode keeps no dead-letter file)', attempt);
      if (stopped) return logger.error(fields, 'timer invocation attempt %d of %d failed; the server is stopping, so it is not retried', attempt, ASYNC_ATTEMPTS);
      logger.warn(fields, 'timer invocation attempt %d of %d failed; retrying in %d ms', attempt, ASYNC_ATTEMPTS, delay);
      const retry = setTimeout(() => {
        retries.delete(retry);
        invoke(timer, event, attempt + 1);
      }, delay);
      retries.add(retry);
    });
  };
  const stopTimers = startTimers(timerTriggers(runtime.functions), (timer) => invoke(timer, timerEvent(timer), 1));
  return () => {
    stopped = true;
    stopTimers();
    retries.forEach((retry) => clearTimeout(retry));
    retries.clear();
  };
}
