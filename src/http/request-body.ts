import { type IncomingMessage } from 'node:http';
import { TextDecoder } from 'node:util';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/http-errors.js';

/** Keys that could reach an object's prototype once a body is merged or assigned somewhere. */
export const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

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
 * Reads a whole request body as bytes, refusing it as soon as it passes the limit (by Content-Length up front,
 * else while streaming). The rest is drained, not kept, so the client still gets its 413 and no client can make
 * the process hold more than the limit.
 */
export function readBytes(req: IncomingMessage, limit: number | string): Promise<Buffer> {
  const max = parseSize(limit);
  const tooLarge = () => new PayloadTooLargeError(`request body exceeds the ${limit} limit`);
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      req.resume();
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= max) return void chunks.push(chunk);
      req.off('data', onData).resume();
      chunks.length = 0;
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => {
      if (Number.isFinite(declared) && received !== declared) reject(new BadRequestError(`request body ended after ${received} of ${declared} bytes`));
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.once('error', (err) => reject(new BadRequestError(`could not read request body: ${err.message}`)));
  });
}

/** A request body as text in its declared charset; Node's TextDecoder knows the charsets, so no transcoding library is needed. */
export async function readText(req: IncomingMessage, limit: number | string, charset: string): Promise<string> {
  const decoder = decoderFor(charset);
  return decoder.decode(await readBytes(req, limit));
}
