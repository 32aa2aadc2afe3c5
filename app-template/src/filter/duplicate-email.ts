import { Catch, type Context, type ExceptionFilter } from 'wick';
import { DuplicateEmailError } from '../service/user.js';

/** Turns a domain error into an HTTP answer, keeping the service free of HTTP concerns. */
@Catch(DuplicateEmailError)
export class DuplicateEmailFilter implements ExceptionFilter {
  catch(err: DuplicateEmailError, ctx: Context) {
    ctx.status = 409;
    return { error: { status: 409, message: err.message, requestId: ctx.requestId } };
  }
}
