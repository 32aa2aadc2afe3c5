import { type HeaderValue } from '../../src/functions/model.js';

/** `a=b; c=d` from a list of cookie pairs, merged with any Cookie header already present. */
export function joinCookies(cookies: unknown, existing?: HeaderValue): string | undefined {
  const list = Array.isArray(cookies) ? cookies.filter((cookie): cookie is string => typeof cookie === 'string') : [];
  const parts = [existing, ...list].flat().filter((part): part is string => Boolean(part));
  return parts.length ? parts.join('; ') : undefined;
}
