import { randomUUID } from 'node:crypto';
import { startTimers } from '../src/functions/schedule.js';
import { timerTriggers } from '../src/functions/timers.js';
import { type ScheduledEvent } from '../adapters/aws-lambda/types.js';
import { type AsyncQueue } from './async-queue.js';
import { type HostFunction } from './manifest.js';
import { ACCOUNT_ID, REGION } from './protocol.js';

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
 * Fires every TIMER trigger of the manifest through the one timer runner, each tick an EventBridge scheduled event
 * from the rule named after the trigger (so the handler's `triggerName` is the one server mode gives), delivered as
 * an async invocation: queued, retried and dead-lettered like any event. Returns the stop.
 */
export function startScheduleRules(functions: HostFunction[], queue: AsyncQueue): () => void {
  return startTimers(timerTriggers(functions), (timer) => void queue.enqueue(timer.functionName, scheduledEvent(timer.triggerName)));
}
