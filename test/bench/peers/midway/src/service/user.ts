import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { UserStore } from '../../../shared/user-store';

@Provide()
@Scope(ScopeEnum.Singleton)
export class UserService extends UserStore {}
