import { type IncomingMessage } from 'node:http';

/** A request body the host refuses, with the HTTP status that says why. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a whole request body, refusing it as soon as it passes `limit` (by Content-Length up front, else while
 * streaming; the rest is drained, not kept), so no client can make the host hold more than the limit.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      return reject(new BodyError(413, `request body of ${declared} bytes exceeds the ${limit} byte limit`));
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) return void chunks.push(chunk);
      req.off('data', onData).resume();
      chunks.length = 0;
      reject(new BodyError(413, `request body exceeds the ${limit} byte limit`));
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once('error', (err) => reject(new BodyError(400, `could not read the request body: ${err.message}`)));
  });
}
