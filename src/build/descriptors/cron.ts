import { type TimerTriggerOptions } from '../../decorators/serverless.js';
import { checkCron } from '../../functions/schedule.js';
import { checkTimerType, parseDuration } from '../../functions/timers.js';

/**
 * Timer triggers as platform schedules. Wick timers are croner expressions (5 fields, 6 with seconds first,
 * 7 with a year last, or a nickname) or durations (`every: 5m`). All three platforms run schedules in UTC.
 *
 * - AWS (EventBridge): `cron(min hour dom month dow year)` with `?` in one of the day fields, or
 *   `rate(N minutes|hours|days)`: minute precision, so seconds and sub-minute durations are errors.
 * - Aliyun FC: `sec min hour dom month dow` with a single second, and `@every 1h30m` for durations (whole minutes).
 * - Tencent SCF: `sec min hour dom month dow year`; durations become a cron, which needs a step that divides
 *   the minute, hour or day evenly.
 *
 * Day-of-week numbers differ between the platforms' docs (0 or 1 for Sunday), so days are always written as
 * names. Values that cannot be expressed exactly are errors naming the function and the value, never rounded.
 */
interface CronFields {
  second: string;
  minute: string;
  hour: string;
  /** `*` when unrestricted. */
  dayOfMonth: string;
  month: string;
  /** Day names (`MON-FRI`, `SUN,SAT`), or `*` when unrestricted. */
  dayOfWeek: string;
  year: string;
}

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function describe(options: TimerTriggerOptions): string {
  return `timer ${options.type} ${JSON.stringify(options.value)}`;
}

/** 0-7 or a name; 7 stays 7 so that ranges such as `5-7` work. */
function dayValue(text: string, where: string): number {
  const index = DAYS.indexOf(text);
  const value = index >= 0 ? index : Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 7) throw new Error(`${where}: ${JSON.stringify(text)} is not a day of the week`);
  return value;
}

/** A day-of-week field as names, runs of three or more as ranges; `*` when it allows every day. */
function weekdays(field: string, where: string): string {
  if (field === '*' || field === '?') return '*';
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`${where}: ${JSON.stringify(part)} has an invalid step`);
    const [from, to] = range === '*' ? [0, 6] : range.split('-').map((text) => dayValue(text, where));
    const last = to ?? (stepText === undefined ? from : 6);
    if (last < from) throw new Error(`${where}: ${JSON.stringify(part)} is a backwards range`);
    for (let day = from; day <= last; day += step) days.add(day % 7);
  }
  if (days.size === 7) return '*';
  const sorted = [...days].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    if (run && run.at(-1) === day - 1) run.push(day);
    else runs.push([day]);
  }
  return runs
    .flatMap((run) => (run.length >= 3 ? [`${DAYS[run[0]]}-${DAYS[run.at(-1)!]}`] : run.map((day) => DAYS[day])))
    .join(',');
}

/** A cron trigger's expression in seven fields, days of the week as names; croner (as in server mode) checks the syntax. */
export function parseCron(expression: string, where: string): CronFields {
  checkCron(expression, where);
  const trimmed = expression.trim();
  const parts = (NICKNAMES[trimmed.toLowerCase()] ?? trimmed).toUpperCase().split(/\s+/);
  const fields =
    parts.length === 5 ? ['0', ...parts, '*'] : parts.length === 6 ? [...parts, '*'] : parts.length === 7 ? parts : undefined;
  if (!fields) throw new Error(`${where}: cron ${JSON.stringify(expression)} needs 5, 6 or 7 fields`);
  const [second, minute, hour, dom, month, dow, year] = fields;
  const context = `${where}: cron ${JSON.stringify(expression)}`;
  if (/[LW]/.test(dom) || /[L#+]/.test(dow)) {
    throw new Error(`${context} uses L, W, # or + in a day field, which wick does not convert to platform schedules`);
  }
  const dayOfMonth = dom === '?' ? '*' : dom;
  const dayOfWeek = weekdays(dow, context);
  if (dayOfMonth !== '*' && dayOfWeek !== '*') {
    throw new Error(
      `${context} restricts both day of month and day of week; cron runs when either matches, which platform schedules cannot express: use two timer triggers`,
    );
  }
  return { second, minute, hour, dayOfMonth, month, dayOfWeek, year };
}

function everyMs(options: TimerTriggerOptions, where: string): number {
  try {
    return parseDuration(options.value);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
}

function wholeMinutes(options: TimerTriggerOptions, where: string, platform: string): number {
  const minutes = everyMs(options, where) / 60_000;
  if (!Number.isInteger(minutes)) {
    throw new Error(`${where}: ${platform} schedules intervals in whole minutes, so ${describe(options)} cannot be expressed: use e.g. 1m or 2m`);
  }
  return minutes;
}

/** `*\/5` → `0/5`: AWS documents increments as `start/step`. */
function awsStep(field: string, start: number): string {
  return field.replace(/^\*\//, `${start}/`);
}

/** An EventBridge schedule expression: `cron(...)` or `rate(...)`. */
export function awsSchedule(options: TimerTriggerOptions, where: string): string {
  checkTimerType(options, where);
  if (options.type === 'every') {
    const minutes = wholeMinutes(options, where, 'AWS');
    const [value, unit] = minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
    return `rate(${value} ${unit}${value === 1 ? '' : 's'})`;
  }
  const cron = parseCron(options.value, where);
  if (cron.second !== '0') {
    throw new Error(`${where}: AWS schedules have minute precision, so ${describe(options)} (seconds ${cron.second}) cannot be expressed`);
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

/** An FC timer `cronExpression`: six fields, or `@every` for durations. */
export function aliyunCron(options: TimerTriggerOptions, where: string): string {
  checkTimerType(options, where);
  if (options.type === 'every') {
    const minutes = wholeMinutes(options, where, 'Aliyun FC');
    const hours = Math.floor(minutes / 60);
    return `@every ${hours ? `${hours}h` : ''}${minutes % 60 || !hours ? `${minutes % 60}m` : ''}`;
  }
  const cron = parseCron(options.value, where);
  if (cron.year !== '*') throw new Error(`${where}: Aliyun FC crons have no year field, so ${describe(options)} cannot be expressed`);
  if (!/^\d+$/.test(cron.second)) {
    throw new Error(`${where}: Aliyun FC crons take one second of the minute (timers fire at most once a minute), so ${describe(options)} cannot be expressed`);
  }
  return [cron.second, cron.minute, cron.hour, cron.dayOfMonth, cron.month, cron.dayOfWeek].join(' ');
}

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
    `${where}: Tencent SCF timers are crons, and ${describe(options)} is not a step that divides a minute, an hour or a day evenly: use e.g. 30s, 5m, 2h or 1d, or a cron`,
  );
}

/** A Tencent SCF timer `cronExpression`: seven fields, seconds first and year last. */
export function tencentCron(options: TimerTriggerOptions, where: string): string {
  checkTimerType(options, where);
  if (options.type === 'every') return everyAsCron(options, where);
  const cron = parseCron(options.value, where);
  return [cron.second, cron.minute, cron.hour, cron.dayOfMonth, cron.month, cron.dayOfWeek, cron.year].join(' ');
}
