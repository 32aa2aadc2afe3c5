import { type TimerTriggerOptions } from '../../../src/decorators/serverless.js';
import { checkCron } from '../../../src/functions/schedule.js';
import { parseDuration } from '../../../src/functions/timers.js';

/**
 * What every platform's schedule writer (adapters/<platform>/deploy/schedule.ts) starts from. Wick timers are
 * croner expressions (5 fields, 6 with seconds first, 7 with a year last, or a nickname) or durations
 * (`every: 5m`); the platforms run schedules in UTC, as Wick does.
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

export function describeTimer(options: TimerTriggerOptions): string {
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

export function everyMs(options: TimerTriggerOptions, where: string): number {
  try {
    return parseDuration(options.value);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
}

export function wholeMinutes(options: TimerTriggerOptions, where: string, platform: string): number {
  const minutes = everyMs(options, where) / 60_000;
  if (!Number.isInteger(minutes)) {
    throw new Error(`${where}: ${platform} schedules intervals in whole minutes, so ${describeTimer(options)} cannot be expressed: use e.g. 1m or 2m`);
  }
  return minutes;
}
