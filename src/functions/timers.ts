import { randomUUID } from 'node:crypto';
import { ServerlessTriggerType, type TimerTriggerOptions, type TriggerMetadata } from '../decorators/serverless.js';
import { type TimerEvent } from './model.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `1h`, `250ms`, `2d` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(String(text).trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : NaN;
  if (!(ms >= 1)) throw new Error(`invalid duration ${JSON.stringify(text)}: use a number and a unit (ms, s, m, h, d), e.g. 30s`);
  return ms;
}

/** Only `cron` and `every` exist; anything else is an error rather than a cron. */
export function checkTimerType(options: TimerTriggerOptions, where: string): void {
  if (options.type !== 'cron' && options.type !== 'every') {
    throw new Error(`${where}: invalid timer trigger: type must be 'cron' or 'every', got ${JSON.stringify(options.type)}`);
  }
}

/**
 * The shape of a timer trigger; cron syntax itself is checked by `checkCron` (schedule.ts), which needs croner:
 * kept out of this module so that function bundles, which never schedule, do not carry it.
 */
export function checkTimerShape(options: TimerTriggerOptions, where: string): void {
  checkTimerType(options, where);
  try {
    if (options.type === 'every') parseDuration(options.value);
    else if (typeof options.value !== 'string' || options.value.trim() === '') throw new Error('a cron timer needs an expression');
  } catch (err) {
    throw new Error(`${where}: invalid timer trigger: ${(err as Error).message}`);
  }
}

/** One timer trigger of one function: what the timer runner fires, in server mode and in the host alike. */
export interface TimerTrigger {
  functionName: string;
  /**
   * The schedule's name: the function's, numbered from its second timer on (`report`, `report-2`). The host names
   * its EventBridge rules so, and server mode hands the same name to the handler as `triggerName`.
   */
  triggerName: string;
  options: TimerTriggerOptions;
}

/** Every timer trigger of the functions, named. */
export function timerTriggers(functions: { name: string; triggers: TriggerMetadata[] }[]): TimerTrigger[] {
  return functions.flatMap((fn) =>
    fn.triggers
      .filter((trigger) => trigger.type === ServerlessTriggerType.TIMER)
      .map((trigger, index) => ({
        functionName: fn.name,
        triggerName: index === 0 ? fn.name : `${fn.name}-${index + 1}`,
        options: trigger.options as TimerTriggerOptions,
      })),
  );
}

/**
 * The event server mode hands a timer handler for one tick; the platforms' adapters build the same shape from their
 * own events. Its retries get this same event, so they keep the tick's `time` and request id, as on Lambda.
 */
export function timerEvent(timer: TimerTrigger): TimerEvent {
  return {
    trigger: ServerlessTriggerType.TIMER,
    source: 'wick:timer',
    data: { triggerName: timer.triggerName, time: new Date().toISOString(), payload: timer.options.payload },
    requestId: randomUUID(),
  };
}
