import { Cron } from 'croner';
import { type Logger } from '../logging/logger.js';
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
 * The one timer runner: hands each timer to `deliver` on its schedule. Delivery, and with it retrying, is the
 * caller's: the host enqueues an async invocation (retried, then dead-lettered), server mode invokes in-process
 * once (see startInProcessTimers). Returns the stop.
 */
export function startTimers(timers: TimerTrigger[], deliver: (timer: TimerTrigger) => void): () => void {
  const stops = timers.map((timer) => schedule(timer.options, () => deliver(timer)));
  return () => stops.splice(0).forEach((stop) => stop());
}

/**
 * Server mode: each tick invokes the function in-process, once. There is no queue to retry from, so a failed tick
 * is logged and the next tick runs on schedule, as a missed cron run would on a server. Returns the stop.
 */
export function startInProcessTimers(runtime: FunctionRuntime, logger: Logger): () => void {
  return startTimers(timerTriggers(runtime.functions), (timer) => {
    runtime.invokeEvent(timer.functionName, timerEvent(timer)).catch((err) =>
      logger.error({ err, function: timer.functionName, trigger: timer.triggerName }, 'timer invocation failed'),
    );
  });
}
