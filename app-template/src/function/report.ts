import { Inject, Provide, ServerlessTrigger, ServerlessTriggerType, type EventContext, type TimerEvent } from 'wick';
import { UserService } from '../service/user.js';

/** A timer function: hourly in server mode, on the platform's scheduler when deployed. */
@Provide()
export class ReportFunction {
  @Inject()
  userService!: UserService;

  @Inject()
  ctx!: EventContext;

  @ServerlessTrigger(ServerlessTriggerType.TIMER, { type: 'cron', value: '0 * * * *', payload: 'hourly' })
  hourly(event: TimerEvent) {
    const report = { kind: event.data.payload, users: this.userService.list().length, at: event.data.time };
    process.stdout.write(JSON.stringify({ message: 'user report', requestId: this.ctx.requestId, ...report }) + '\n');
    return report;
  }
}
