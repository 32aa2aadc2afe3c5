import { isUtf8 } from 'node:buffer';
import { type HeaderValue } from '../../src/functions/model.js';
import { BadEventError } from './errors.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `isBase64Encoded`: documented as a boolean, written as the string "true"/"false" in some platform docs, so both are read. */
export function base64Flag(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'boolean') return value === true;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : typeof value;
  throw new BadEventError(`isBase64Encoded must be true or false, got ${got}`);
}

/** Decodes a platform body; invalid base64 is the caller's mistake, reported as such, never silently mangled. */
export function decodeBody(body: unknown, isBase64Encoded: boolean): Buffer | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'string') throw new BadEventError(`body must be a string, got ${Array.isArray(body) ? 'an array' : typeof body}`);
  if (isBase64Encoded) {
    const compact = body.replace(/\s+/g, '');
    if (compact.length % 4 === 1 || !BASE64.test(compact)) throw new BadEventError('body is marked isBase64Encoded but is not valid base64');
    return Buffer.from(compact, 'base64');
  }
  return Buffer.from(body, 'utf8');
}

const TEXT_TYPES = /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded|graphql)|image\/svg\+xml)/i;

/**
 * The one text-or-base64 rule, for every platform result, the host's events and `wick invoke`'s output: text goes
 * out as a string, anything else (images, octet-stream, compressed bodies) as base64. Text is what the headers
 * declare (a textual type, no content coding), not what the bytes happen to look like: a platform (API Gateway's
 * binary media types) decides by the type too, and an octet-stream that happens to be valid UTF-8 is still
 * binary. The bytes must also be UTF-8, since a string of anything else would replace them (a latin-1 text/plain).
 */
export function encodeBody(body: Buffer, headers: Record<string, HeaderValue>): { body: string; isBase64Encoded: boolean } {
  const type = String(headers['content-type'] ?? '');
  const encoding = String(headers['content-encoding'] ?? '');
  const text = body.length === 0 || (TEXT_TYPES.test(type) && (encoding === '' || encoding === 'identity') && isUtf8(body));
  return text ? { body: body.toString('utf8'), isBase64Encoded: false } : { body: body.toString('base64'), isBase64Encoded: true };
}

/** `a=b; c=d` from a list of cookie pairs, merged with any Cookie header already present. */
export function joinCookies(cookies: unknown, existing?: HeaderValue): string | undefined {
  const list = Array.isArray(cookies) ? cookies.filter((cookie): cookie is string => typeof cookie === 'string') : [];
  const parts = [existing, ...list].flat().filter((part): part is string => Boolean(part));
  return parts.length ? parts.join('; ') : undefined;
}

/** Percent-escapes decoded; a run that is not valid UTF-8 stays as it came instead of failing the request. */
export function decodeEscapes(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      return escapes;
    }
  });
}

/**
 * Form-style decoding (`+` is a space, then percent-escapes) that never throws: a run of escapes that is not
 * valid UTF-8 is kept as it came, so a stray `%` in an object key or query value survives untouched.
 */
export function decodeFormComponent(text: string): string {
  return decodeEscapes(text.replace(/\+/g, ' '));
}

/**
 * The one policy for object-storage keys (S3, OSS, COS), each documented as "URL-decoded": form-style, as S3
 * writes them (`+` is a space, a literal `+` comes as `%2B` on every platform), and a key that is not valid
 * percent-encoding is kept as it came rather than failing the whole notification.
 */
export function decodeObjectKey(key: string): string {
  return decodeFormComponent(key);
}
