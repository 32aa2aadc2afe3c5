import { type TimerTriggerOptions } from '../../../src/decorators/serverless.js';
import { checkTimerType } from '../../../src/functions/timers.js';
import { describeTimer, parseCron, wholeMinutes } from '../../common/descriptors/cron.js';

/** `*\/5` → `0/5`: AWS documents increments as `start/step`. */
function awsStep(field: string, start: number): string {
  return field.replace(/^\*\//, `${start}/`);
}

/**
 * An EventBridge schedule expression: `cron(min hour dom month dow year)` with `?` in one of the day fields, or
 * `rate(N minutes|hours|days)`: minute precision, so seconds and sub-minute durations are errors.
 */
export function awsSchedule(options: TimerTriggerOptions, where: string): string {
  checkTimerType(options, where);
  if (options.type === 'every') {
    const minutes = wholeMinutes(options, where, 'AWS');
    const [value, unit] = minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
    return `rate(${value} ${unit}${value === 1 ? '' : 's'})`;
  }
  const cron = parseCron(options.value, where);
  if (cron.second !== '0') {
    throw new Error(`${where}: AWS schedules have minute precision, so ${describeTimer(options)} (seconds ${cron.second}) cannot be expressed`);
  }
  const byWeekday = cron.dayOfWeek !== '*';
  const fields = [
    awsStep(cron.minute, 0),
    awsStep(cron.hour, 0),
    byWeekday ? '?' : awsStep(cron.dayOfMonth, 1),
    awsStep(cron.month, 1),
    byWeekday ? cron.dayOfWeek : '?',
    cron.year,
  ];
  return `cron(${fields.join(' ')})`;
}
