import { BadEventError } from '../common/errors.js';

/**
 * The FC 3.0 built-in Node.js runtime hands every event (HTTP, timer, OSS, direct) as a Buffer of JSON;
 * local callers and tests may pass the JSON string or the parsed value. An empty payload (a direct invocation
 * without input) is `undefined`.
 */
export function parsePayload(event: unknown): unknown {
  if (event instanceof Uint8Array) return parseJson(Buffer.from(event.buffer, event.byteOffset, event.byteLength).toString('utf8'));
  if (typeof event === 'string') return parseJson(event);
  return event;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadEventError(`event is not valid JSON (${(err as Error).message})`);
  }
}
