import { type HeaderValue, type WickHttpResponse } from '../../src/functions/model.js';
import { encodeBody } from '../common/body.js';
import { type AliyunApiGatewayResult, type AliyunHttpTriggerResult } from './types.js';

const SET_COOKIE = 'set-cookie';
/** Positions of the letters in `set-cookie` (the hyphen has no case). */
const COOKIE_LETTERS = [...SET_COOKIE].flatMap((char, index) => (char === '-' ? [] : [index]));
const COOKIE_NAME_VARIANTS = 2 ** COOKIE_LETTERS.length;

/**
 * The n-th spelling of `set-cookie`: bit i of n upper-cases letter i, so 0 is `set-cookie`, 1 `Set-cookie`,
 * 2 `sEt-cookie`, ... (512 spellings).
 */
function setCookieName(n: number): string {
  const chars = [...SET_COOKIE];
  COOKIE_LETTERS.forEach((position, bit) => {
    if (n & (1 << bit)) chars[position] = chars[position].toUpperCase();
  });
  return chars.join('');
}

/**
 * Both FC response formats document `headers` as a flat string map, and neither says how to send several
 * Set-Cookie headers. Joining them with commas would corrupt them (an Expires date holds a comma, and
 * RFC 6265 forbids folding), and an array value is outside the documented type, so the whole response
 * could be rejected. Each cookie therefore gets its own key, spelled in a different letter case: the map
 * stays a valid string map, and since header names are case-insensitive every key is a Set-Cookie header.
 */
function flatHeaders(headers: Record<string, HeaderValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name !== SET_COOKIE) {
      out[name] = Array.isArray(value) ? value.join(', ') : value;
      continue;
    }
    const cookies = [value].flat();
    const spread = cookies.slice(0, COOKIE_NAME_VARIANTS - 1);
    // Past 511 cookies there are no spellings left: the rest share the last one, comma-joined.
    const rest = cookies.slice(COOKIE_NAME_VARIANTS - 1);
    spread.forEach((cookie, index) => (out[setCookieName(index)] = cookie));
    if (rest.length) out[setCookieName(COOKIE_NAME_VARIANTS - 1)] = rest.join(', ');
  }
  return out;
}

/** FC 3.0 HTTP trigger response struct. */
export function toHttpTriggerResult(response: WickHttpResponse): AliyunHttpTriggerResult {
  const { body, isBase64Encoded } = encodeBody(response.body, response.headers);
  return { statusCode: response.status, headers: flatHeaders(response.headers), isBase64Encoded, body };
}

/** API Gateway trigger response, keys in the order the gateway documents them. */
export function toApiGatewayResult(response: WickHttpResponse): AliyunApiGatewayResult {
  const { body, isBase64Encoded } = encodeBody(response.body, response.headers);
  return { isBase64Encoded, statusCode: response.status, headers: flatHeaders(response.headers), body };
}
