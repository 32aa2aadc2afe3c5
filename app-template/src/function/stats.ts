import { Provide, ServerlessFunction, ServerlessTrigger, ServerlessTriggerType } from 'wick';
import { UserService } from '../service/user.js';

/** An HTTP-triggered function: in server mode it is a route like any other. Its service arrives by constructor. */
@Provide()
export class StatsFunction {
  constructor(private readonly userService: UserService) {}

  @ServerlessFunction({ functionName: 'stats', memorySize: 128, timeout: 3 })
  @ServerlessTrigger(ServerlessTriggerType.HTTP, { path: '/api/stats', method: 'get' })
  stats() {
    const users = this.userService.list();
    return { users: users.length, withAvatar: users.filter((user) => user.avatar).length };
  }
}
