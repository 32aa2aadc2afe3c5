import { ForbiddenError } from '../errors/http-errors.js';
import { type Class } from '../decorators/metadata.js';
import { type Context } from './context.js';

/** What a @Guard() class provides. Returning false is a 403; throwing (e.g. UnauthorizedError) is that error. */
export interface CanActivate {
  canActivate(ctx: Context, target: Class, methodName: string): boolean | Promise<boolean>;
}

export type GuardCheck = (ctx: Context) => Promise<void>;

/** All guards of one route, global first, then class, then method; null when there are none. */
export function compileGuards(guards: CanActivate[], target: Class, methodName: string): GuardCheck | null {
  if (guards.length === 0) return null;
  return async (ctx) => {
    for (const guard of guards) {
      if (!(await guard.canActivate(ctx, target, methodName))) throw new ForbiddenError();
    }
  };
}
