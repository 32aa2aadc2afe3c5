import { takeAttempt, withAttempt } from './protocol.js';

/**
 * X-Amz-Client-Context of an Invoke: base64 of a JSON object (Lambda: up to 3,583 bytes), which the Runtime API hands
 * the runtime as Lambda-Runtime-Client-Context, the JSON itself. Checked once, where the Invoke API reads it, and
 * re-serialised in printable ASCII (other characters as \u escapes), so any accepted value is a valid header.
 */
const MAX_CLIENT_CONTEXT = 3583;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const NOT_ASCII = /[\u007f-\uffff]/g;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export type ClientContext = { header: string } | { invalid: string };

const asciiJson = (value: unknown) => JSON.stringify(value).replace(NOT_ASCII, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The object a caller's client context holds, with any attempt it claims taken out: only the async queue says which attempt runs. */
function callerObject(base64: string): Record<string, unknown> | string {
  if (base64.length > MAX_CLIENT_CONTEXT) return `Client context must be at most ${MAX_CLIENT_CONTEXT} bytes of base64.`;
  let value: unknown;
  try {
    if (!BASE64.test(base64)) throw new Error('not base64');
    value = JSON.parse(utf8.decode(Buffer.from(base64, 'base64')));
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'Client context must be a valid Base64-encoded JSON object.';
  return (takeAttempt(value).clientContext ?? {}) as Record<string, unknown>;
}

/** The Lambda-Runtime-Client-Context value for this X-Amz-Client-Context, or why the Invoke API refuses it (400). */
export function parseClientContext(base64: string): ClientContext {
  const value = callerObject(base64);
  return typeof value === 'string' ? { invalid: value } : { header: asciiJson(value) };
}

/**
 * Lambda-Runtime-Client-Context for an invocation: the caller's client context (none when it has none, or one the
 * Invoke API would refuse) and, for an attempt of an async event, the attempt the queue gives it.
 */
export function invocationClientContext(base64: string | undefined, attempt?: number): string | undefined {
  const caller = base64 ? callerObject(base64) : undefined;
  const value = typeof caller === 'object' ? caller : undefined;
  if (attempt === undefined) return value && asciiJson(value);
  return asciiJson(withAttempt(value ?? {}, attempt));
}
