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

/** The Lambda-Runtime-Client-Context value for this X-Amz-Client-Context, or why the Invoke API refuses it (400). */
export function parseClientContext(base64: string): ClientContext {
  if (base64.length > MAX_CLIENT_CONTEXT) return { invalid: `Client context must be at most ${MAX_CLIENT_CONTEXT} bytes of base64.` };
  let value: unknown;
  try {
    if (!BASE64.test(base64)) throw new Error('not base64');
    value = JSON.parse(utf8.decode(Buffer.from(base64, 'base64')));
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { invalid: 'Client context must be a valid Base64-encoded JSON object.' };
  const header = JSON.stringify(value).replace(NOT_ASCII, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { header };
}

/** Lambda-Runtime-Client-Context for an invocation: none when it has no client context (or one the Invoke API would refuse). */
export function clientContextHeader(base64: string | undefined): string | undefined {
  if (!base64) return undefined;
  const parsed = parseClientContext(base64);
  return 'header' in parsed ? parsed.header : undefined;
}
