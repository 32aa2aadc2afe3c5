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
