import { type TimerTriggerOptions } from '../../../src/decorators/serverless.js';
import { checkTimerType } from '../../../src/functions/timers.js';
import { describeTimer, everyMs, parseCron } from '../../common/descriptors/cron.js';

function step(value: number): string {
  return value === 1 ? '*' : `*/${value}`;
}

/** A duration as a seven-field cron; only steps that divide their unit evenly keep a constant interval. */
function everyAsCron(options: TimerTriggerOptions, where: string): string {
  const seconds = everyMs(options, where) / 1000;
  const divides = (value: number, unit: number) => Number.isInteger(value) && value < unit && unit % value === 0;
  if (divides(seconds, 60)) return `${step(seconds)} * * * * * *`;
  if (divides(seconds / 60, 60)) return `0 ${step(seconds / 60)} * * * * *`;
  if (divides(seconds / 3600, 24)) return `0 0 ${step(seconds / 3600)} * * * *`;
  if (seconds === 86_400) return '0 0 0 * * * *';
  throw new Error(
    `${where}: Tencent SCF timers are crons, and ${describeTimer(options)} is not a step that divides a minute, an hour or a day evenly: use e.g. 30s, 5m, 2h or 1d, or a cron`,
  );
}

/**
 * A Tencent SCF timer `cronExpression`: `sec min hour dom month dow year`; a duration becomes a cron, which needs
 * a step that divides the minute, hour or day evenly.
 */
export function tencentCron(options: TimerTriggerOptions, where: string): string {
  checkTimerType(options, where);
  if (options.type === 'every') return everyAsCron(options, where);
  const cron = parseCron(options.value, where);
  return [cron.second, cron.minute, cron.hour, cron.dayOfMonth, cron.month, cron.dayOfWeek, cron.year].join(' ');
}
