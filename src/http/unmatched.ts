import type Router from '@koa/router';
import { MethodNotAllowedError, NotFoundError } from '../errors/http-errors.js';

/**
 * The one answer to a request no route takes, for the app's router and the host's gateway alike: a path no route
 * has is a 404; a known path asked with another method is a 405 naming the allowed ones, except for OPTIONS, which
 * gets back the `Allow` value to send with a 204.
 */
export function answerUnmatched(router: Router, method: string, path: string): { allow: string } {
  const allowed = [...new Set(router.match(path, method).path.flatMap((layer) => layer.methods))];
  if (allowed.length === 0) throw new NotFoundError(`no route for ${method} ${path}`);
  if (method !== 'OPTIONS') throw new MethodNotAllowedError(allowed);
  return { allow: [...allowed, 'OPTIONS'].join(', ') };
}
