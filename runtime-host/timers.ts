import { randomUUID } from 'node:crypto';
import { ServerlessTriggerType, type TimerTriggerOptions } from '../src/decorators/serverless.js';
import { schedule } from '../src/functions/schedule.js';
import { type ScheduledEvent } from '../adapters/aws-lambda/types.js';
import { type AsyncQueue } from './async-queue.js';
import { type HostFunction } from './manifest.js';
import { ACCOUNT_ID, REGION } from './protocol.js';

/** The rule a timer trigger stands for: the function's name, numbered when it has several timers. */
function ruleName(fn: HostFunction, index: number): string {
  return index === 0 ? fn.name : `${fn.name}-${index + 1}`;
}

/** EventBridge's "Scheduled Event", as a schedule rule delivers it to Lambda. */
function scheduledEvent(rule: string, now = new Date()): ScheduledEvent & Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT_ID,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/${rule}`],
    detail: {},
  };
}

/**
 * Fires every TIMER trigger of the manifest on its schedule (croner in UTC for cron, an interval for `every`) as an
 * async invocation, so it is queued, retried and dead-lettered like any event. Returns the stop.
 */
export function startTimers(functions: HostFunction[], queue: AsyncQueue): () => void {
  const stops: (() => void)[] = [];
  for (const fn of functions) {
    const timers = fn.triggers.filter((trigger) => trigger.type === ServerlessTriggerType.TIMER).map((trigger) => trigger.options as TimerTriggerOptions);
    timers.forEach((options, index) => {
      stops.push(schedule(options, () => void queue.enqueue(fn.name, scheduledEvent(ruleName(fn, index)))));
    });
  }
  return () => stops.splice(0).forEach((stop) => stop());
}
