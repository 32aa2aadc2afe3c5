import { describe, expect, it } from 'vitest';
import { parseCron } from '../../../adapters/common/descriptors/cron.js';
import { awsSchedule } from '../../../adapters/aws-lambda/deploy/schedule.js';
import { aliyunCron } from '../../../adapters/aliyun-fc/deploy/schedule.js';
import { tencentCron } from '../../../adapters/tencent-scf/deploy/schedule.js';
import { type TimerTriggerOptions } from '../../../src/decorators/serverless.js';

const cron = (value: string): TimerTriggerOptions => ({ type: 'cron', value });
const every = (value: string): TimerTriggerOptions => ({ type: 'every', value });
const WHERE = 'function "reportTask-hourly"';

describe('parseCron', () => {
  it('reads 5-field crons with seconds 0 and any year', () => {
    expect(parseCron('*/5 * * * *', WHERE)).toEqual({ second: '0', minute: '*/5', hour: '*', dayOfMonth: '*', month: '*', dayOfWeek: '*', year: '*' });
  });

  it('reads 6-field crons with seconds first and 7-field ones with a year last', () => {
    expect(parseCron('30 15 10 * * *', WHERE)).toMatchObject({ second: '30', minute: '15', hour: '10', year: '*' });
    expect(parseCron('0 0 12 1 1 * 2030', WHERE)).toMatchObject({ second: '0', dayOfMonth: '1', month: '1', year: '2030' });
  });

  it('expands nicknames', () => {
    expect(parseCron('@daily', WHERE)).toMatchObject({ minute: '0', hour: '0', dayOfMonth: '*', dayOfWeek: '*' });
    expect(parseCron('@weekly', WHERE)).toMatchObject({ dayOfWeek: 'SUN' });
  });

  it('writes days of the week as names, ranges of three or more kept as ranges', () => {
    const dayOfWeek = (field: string) => parseCron(`0 9 * * ${field}`, WHERE).dayOfWeek;
    expect(dayOfWeek('1-5')).toBe('MON-FRI');
    expect(dayOfWeek('0,6')).toBe('SUN,SAT');
    expect(dayOfWeek('7')).toBe('SUN');
    expect(dayOfWeek('5-7')).toBe('SUN,FRI,SAT');
    expect(dayOfWeek('*/2')).toBe('SUN,TUE,THU,SAT');
    expect(dayOfWeek('mon,wed,fri')).toBe('MON,WED,FRI');
    expect(dayOfWeek('MON-WED,FRI')).toBe('MON-WED,FRI');
    expect(dayOfWeek('0-6')).toBe('*');
    expect(dayOfWeek('?')).toBe('*');
  });

  it('rejects a cron that restricts both day of month and day of week, naming the function and value', () => {
    expect(() => parseCron('0 0 1 * MON', WHERE)).toThrow(/function "reportTask-hourly": cron "0 0 1 \* MON" restricts both day of month and day of week/);
  });

  it('rejects L, W and # day modifiers', () => {
    expect(() => parseCron('0 0 L * *', WHERE)).toThrow(/uses L, W, # or \+/);
    expect(() => parseCron('0 0 * * MON#2', WHERE)).toThrow(/uses L, W, # or \+/);
  });

  it('rejects invalid cron syntax with the function and expression', () => {
    expect(() => parseCron('every tuesday', WHERE)).toThrow(/function "reportTask-hourly": invalid cron "every tuesday"/);
  });
});

const CONVERT = { aws: awsSchedule, aliyun: aliyunCron, tencent: tencentCron };

describe('platform schedules', () => {
  it.each<[keyof typeof CONVERT, TimerTriggerOptions['type'], string, string]>([
    // AWS: cron(...) with ? in the unused day field, steps as start/step
    ['aws', 'cron', '*/5 * * * *', 'cron(0/5 * * * ? *)'],
    ['aws', 'cron', '0 * * * *', 'cron(0 * * * ? *)'],
    ['aws', 'cron', '30 2 1 * *', 'cron(30 2 1 * ? *)'],
    ['aws', 'cron', '0 9 * * 1-5', 'cron(0 9 ? * MON-FRI *)'],
    ['aws', 'cron', '0 0 * * 0,6', 'cron(0 0 ? * SUN,SAT *)'],
    ['aws', 'cron', '0 12 * * 7', 'cron(0 12 ? * SUN *)'],
    ['aws', 'cron', '0 8 * * */2', 'cron(0 8 ? * SUN,TUE,THU,SAT *)'],
    ['aws', 'cron', '15 */2 */3 * *', 'cron(15 0/2 1/3 * ? *)'],
    ['aws', 'cron', '0 15 10 * * *', 'cron(15 10 * * ? *)'],
    ['aws', 'cron', '0 0 12 1 1 * 2030', 'cron(0 12 1 1 ? 2030)'],
    ['aws', 'cron', '@daily', 'cron(0 0 * * ? *)'],
    // AWS: rate(...) in the largest whole unit
    ['aws', 'every', '1m', 'rate(1 minute)'],
    ['aws', 'every', '5m', 'rate(5 minutes)'],
    ['aws', 'every', '90m', 'rate(90 minutes)'],
    ['aws', 'every', '120m', 'rate(2 hours)'],
    ['aws', 'every', '1h', 'rate(1 hour)'],
    ['aws', 'every', '1d', 'rate(1 day)'],
    ['aws', 'every', '2d', 'rate(2 days)'],
    ['aws', 'every', '60s', 'rate(1 minute)'],
    // Aliyun FC: six fields, seconds first; durations as @every
    ['aliyun', 'cron', '*/5 * * * *', '0 */5 * * * *'],
    ['aliyun', 'cron', '0 9 * * 1-5', '0 0 9 * * MON-FRI'],
    ['aliyun', 'cron', '30 2 1 * *', '0 30 2 1 * *'],
    ['aliyun', 'cron', '15 0 8 * * *', '15 0 8 * * *'],
    ['aliyun', 'every', '5m', '@every 5m'],
    ['aliyun', 'every', '60m', '@every 1h'],
    ['aliyun', 'every', '90m', '@every 1h30m'],
    ['aliyun', 'every', '2d', '@every 48h'],
    // Tencent SCF: seven fields, seconds first and year last; durations as crons
    ['tencent', 'cron', '*/5 * * * *', '0 */5 * * * * *'],
    ['tencent', 'cron', '0 9 * * 1-5', '0 0 9 * * MON-FRI *'],
    ['tencent', 'cron', '0 0 * * 0', '0 0 0 * * SUN *'],
    ['tencent', 'cron', '30 15 10 * * *', '30 15 10 * * * *'],
    ['tencent', 'cron', '0 0 12 1 1 * 2030', '0 0 12 1 1 * 2030'],
    ['tencent', 'every', '1s', '* * * * * * *'],
    ['tencent', 'every', '30s', '*/30 * * * * * *'],
    ['tencent', 'every', '5m', '0 */5 * * * * *'],
    ['tencent', 'every', '1h', '0 0 * * * * *'],
    ['tencent', 'every', '2h', '0 0 */2 * * * *'],
    ['tencent', 'every', '1d', '0 0 0 * * * *'],
  ])('%s converts %s %s to %s', (platform, type, value, expected) => {
    expect(CONVERT[platform]({ type, value }, WHERE)).toBe(expected);
  });
});

describe('awsSchedule', () => {
  it('rejects every 90s, which is not whole minutes, naming the function and value', () => {
    expect(() => awsSchedule(every('90s'), WHERE)).toThrow(/function "reportTask-hourly": AWS schedules intervals in whole minutes, so timer every "90s" cannot be expressed/);
    expect(() => awsSchedule(every('250ms'), WHERE)).toThrow(/whole minutes/);
  });

  it('rejects crons with seconds other than 0', () => {
    expect(() => awsSchedule(cron('*/30 * * * * *'), WHERE)).toThrow(/AWS schedules have minute precision, so timer cron "\*\/30 \* \* \* \* \*"/);
  });

  it('rejects an unknown timer type and a malformed duration', () => {
    expect(() => awsSchedule({ type: 'often', value: '5m' } as unknown as TimerTriggerOptions, WHERE)).toThrow(/type must be 'cron' or 'every', got "often"/);
    expect(() => awsSchedule(every('soon'), WHERE)).toThrow(/function "reportTask-hourly": invalid duration "soon"/);
  });
});

describe('aliyunCron', () => {
  it('rejects every 90s, crons with a year and crons firing more than once a minute', () => {
    expect(() => aliyunCron(every('90s'), WHERE)).toThrow(/Aliyun FC schedules intervals in whole minutes, so timer every "90s"/);
    expect(() => aliyunCron(cron('0 0 12 1 1 * 2030'), WHERE)).toThrow(/no year field/);
    expect(() => aliyunCron(cron('*/10 * * * * *'), WHERE)).toThrow(/at most once a minute/);
  });
});

describe('tencentCron', () => {
  it.each(['90s', '7m', '5h', '2d', '250ms'])('rejects every %s, whose step does not divide its unit evenly', (value) => {
    expect(() => tencentCron(every(value), WHERE)).toThrow(new RegExp(`function "reportTask-hourly": Tencent SCF timers are crons, and timer every "${value}"`));
  });
});
