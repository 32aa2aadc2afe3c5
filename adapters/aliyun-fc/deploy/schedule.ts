import { type TimerTriggerOptions } from '../../../src/decorators/serverless.js';
import { checkTimerType } from '../../../src/functions/timers.js';
import { describeTimer, parseCron, wholeMinutes } from '../../common/descriptors/cron.js';

/**
 * An FC timer `cronExpression`: `sec min hour dom month dow` with a single second, or `@every 1h30m` for durations
 * (whole minutes).
 */
export function aliyunCron(options: TimerTriggerOptions, where: string): string {
  checkTimerType(options, where);
  if (options.type === 'every') {
    const minutes = wholeMinutes(options, where, 'Aliyun FC');
    const hours = Math.floor(minutes / 60);
    return `@every ${hours ? `${hours}h` : ''}${minutes % 60 || !hours ? `${minutes % 60}m` : ''}`;
  }
  const cron = parseCron(options.value, where);
  if (cron.year !== '*') throw new Error(`${where}: Aliyun FC crons have no year field, so ${describeTimer(options)} cannot be expressed`);
  if (!/^\d+$/.test(cron.second)) {
    throw new Error(`${where}: Aliyun FC crons take one second of the minute (timers fire at most once a minute), so ${describeTimer(options)} cannot be expressed`);
  }
  return [cron.second, cron.minute, cron.hour, cron.dayOfMonth, cron.month, cron.dayOfWeek].join(' ');
}
