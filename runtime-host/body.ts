import { type IncomingMessage } from 'node:http';
import { BadRequestError, PayloadTooLargeError } from '../src/errors/http-errors.js';

/**
 * Reads a whole request body as bytes, refusing it as soon as it passes `limit` (by Content-Length up front, else
 * while streaming; the rest is drained, not kept), so no client can make the host hold more than the limit.
 * Rejects with the app's HttpErrors (413, 400), so callers answer them as the app would.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      return reject(new PayloadTooLargeError(`request body of ${declared} bytes exceeds the ${limit} byte limit`));
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) return void chunks.push(chunk);
      req.off('data', onData).resume();
      chunks.length = 0;
      reject(new PayloadTooLargeError(`request body exceeds the ${limit} byte limit`));
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once('error', (err) => reject(new BadRequestError(`could not read the request body: ${err.message}`)));
  });
}
