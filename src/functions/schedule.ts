import { Cron } from 'croner';
import { type Logger } from '../logging/logger.js';
import { ServerlessTriggerType, type TimerTriggerOptions } from '../decorators/serverless.js';
import { type FunctionDefinition } from './registry.js';
import { type FunctionRuntime } from './runtime.js';
import { parseDuration, timerEvent } from './timers.js';

function timersOf(functions: FunctionDefinition[]): { fn: FunctionDefinition; options: TimerTriggerOptions }[] {
  return functions.flatMap((fn) =>
    fn.triggers.filter((trigger) => trigger.type === ServerlessTriggerType.TIMER).map((trigger) => ({ fn, options: trigger.options as TimerTriggerOptions })),
  );
}

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
  for (const { fn, options } of timersOf(functions)) {
    if (options.type === 'cron') checkCron(options.value, `${fn.target.name}.${fn.handlerName}: invalid timer trigger`);
  }
}

/** Runs `fire` on the trigger's schedule (cron in UTC, or an interval for `every`); returns a function that stops it. */
export function schedule(options: TimerTriggerOptions, fire: () => void): () => void {
  if (options.type === 'every') {
    const timer = setInterval(fire, parseDuration(options.value));
    return () => clearInterval(timer);
  }
  // UTC, as every cloud scheduler runs crons: the same expression fires at the same moment everywhere.
  const job = new Cron(options.value, { protect: true, timezone: 'UTC' }, fire);
  return () => job.stop();
}

/** Server mode (and the runtime host): every timer trigger fires in-process on its schedule. Returns the stop. */
export function startTimers(runtime: FunctionRuntime, logger: Logger): () => void {
  const stops = timersOf(runtime.functions).map(({ fn, options }) =>
    schedule(options, () => {
      runtime.invokeEvent(fn.name, timerEvent(fn.name, options)).catch((err) =>
        logger.error({ err, function: fn.name }, 'timer invocation failed'),
      );
    }),
  );
  return () => stops.splice(0).forEach((stop) => stop());
}
