import { timingSafeEqual } from 'node:crypto';
import { Config, Guard, UnauthorizedError, type CanActivate, type Context } from 'wick';

/** Bearer-token check. With no token configured every request is refused: fail closed. */
@Guard()
export class AuthGuard implements CanActivate {
  @Config('auth.token')
  token?: string;

  canActivate(ctx: Context) {
    const match = /^Bearer (.+)$/.exec(ctx.get('authorization'));
    if (!match) throw new UnauthorizedError('a bearer token is required');
    if (!this.token) return false;
    const given = Buffer.from(match[1]);
    const expected = Buffer.from(this.token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
