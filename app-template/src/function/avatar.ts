import { Inject, Provide, ServerlessTrigger, ServerlessTriggerType, type ObjectStorageEvent } from 'wick';
import { UserService } from '../service/user.js';

const AVATAR_KEY = /^avatars\/(\d+)\/[^/]+$/;

/** An object-storage function: an upload to avatars/<userId>/<file> becomes that user's avatar. */
@Provide()
export class AvatarFunction {
  @Inject()
  userService!: UserService;

  @ServerlessTrigger(ServerlessTriggerType.OS, { bucket: 'uploads', events: ['ObjectCreated:*'], filter: { prefix: 'avatars/' } })
  uploaded(event: ObjectStorageEvent) {
    const updated: number[] = [];
    for (const record of event.data.records) {
      const match = AVATAR_KEY.exec(record.key);
      if (!match) continue;
      this.userService.setAvatar(Number(match[1]), record.key);
      updated.push(Number(match[1]));
    }
    return { updated };
  }
}
