import { Cron } from 'croner';
import { ServerlessTriggerType, type TimerTriggerOptions } from '../decorators/serverless.js';
import { type TimerEvent } from './model.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `1h`, `250ms`, `2d` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : NaN;
  if (!(ms >= 1)) throw new Error(`invalid duration ${JSON.stringify(text)}: use a number and a unit (ms, s, m, h, d), e.g. 30s`);
  return ms;
}

/** Checks a timer trigger at bootstrap, so a bad schedule fails the boot, not the first tick. */
export function validateTimer(options: TimerTriggerOptions, where: string): void {
  try {
    if (options.type === 'every') parseDuration(options.value);
    else if (options.type === 'cron') new Cron(options.value, { paused: true }).stop();
    else throw new Error(`type must be 'cron' or 'every', got ${JSON.stringify(options.type)}`);
  } catch (err) {
    throw new Error(`${where}: invalid timer trigger: ${(err as Error).message}`);
  }
}

export function timerEvent(functionName: string, options: TimerTriggerOptions, source = 'wick:timer'): TimerEvent {
  return {
    trigger: ServerlessTriggerType.TIMER,
    source,
    data: { triggerName: functionName, time: new Date().toISOString(), payload: options.payload },
  };
}

/** Runs `fire` on the trigger's schedule; returns a function that stops it. */
export function schedule(options: TimerTriggerOptions, fire: () => void): () => void {
  if (options.type === 'every') {
    const timer = setInterval(fire, parseDuration(options.value));
    return () => clearInterval(timer);
  }
  const job = new Cron(options.value, { protect: true }, fire);
  return () => job.stop();
}
