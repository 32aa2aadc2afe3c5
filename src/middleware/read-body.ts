import { type IncomingMessage } from 'node:http';
import { TextDecoder } from 'node:util';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/http-errors.js';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `1mb`, `512kb`, `2048` → bytes. */
export function parseSize(limit: number | string): number {
  if (typeof limit === 'number') return limit;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(limit.trim());
  if (!match) throw new Error(`invalid size ${JSON.stringify(limit)}: use bytes or a number with b, kb, mb or gb`);
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]);
}

function decoderFor(charset: string): TextDecoder {
  try {
    return new TextDecoder(charset);
  } catch {
    throw new UnsupportedMediaTypeError(`unsupported charset ${JSON.stringify(charset)}`);
  }
}

/**
 * Reads a request body as text, refusing it as soon as it passes the limit (by Content-Length up front,
 * else while streaming). Node's TextDecoder knows the charsets, so no transcoding library is needed.
 */
export async function readText(req: IncomingMessage, limit: number | string, charset: string): Promise<string> {
  const max = parseSize(limit);
  const tooLarge = () => new PayloadTooLargeError(`request body exceeds the ${limit} limit`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    req.resume();
    throw tooLarge();
  }
  const decoder = decoderFor(charset);
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of req) {
      received += (chunk as Buffer).length;
      if (received > max) {
        req.resume();
        throw tooLarge();
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof PayloadTooLargeError) throw err;
    throw new BadRequestError(`could not read request body: ${(err as Error).message}`);
  }
  if (Number.isFinite(declared) && received !== declared) throw new BadRequestError(`request body ended after ${received} of ${declared} bytes`);
  return decoder.decode(Buffer.concat(chunks));
}
