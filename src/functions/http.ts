import { IncomingMessage, ServerResponse, type RequestListener } from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { type HeaderValue, type WickHttpRequest, type WickHttpResponse } from './model.js';

/** The body is complete in function mode, so connection-level headers mean nothing to a platform. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding']);

function normalizeHeaders(headers: Record<string, unknown>): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value === undefined || CONNECTION_HEADERS.has(key)) continue;
    out[key] = Array.isArray(value) ? value.map(String) : key === 'set-cookie' ? [String(value)] : String(value);
  }
  return out;
}

/** Headers as Node's parser would hand them over: repeated cookies joined by `; `, others by `, `; HTTP/1.1 always has a Host. */
function requestHeaders(headers: WickHttpRequest['headers'] = {}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (key === 'set-cookie') out[key] = [value].flat();
    else out[key] = Array.isArray(value) ? value.join(key === 'cookie' ? '; ' : ', ') : value;
  }
  return out;
}

function requestUrl(request: WickHttpRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) [value].flat().forEach((item) => query.append(name, item));
  const search = query.toString();
  return `${request.path || '/'}${search ? `?${search}` : ''}`;
}

/** A socket nobody reads from; what the response serialises into it is discarded (the chunks are captured before). */
function detachedSocket(remoteAddress: string | undefined): Socket {
  const socket = new Writable({ write: (_chunk, _encoding, done) => done() }) as unknown as Socket;
  Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress ?? '127.0.0.1' });
  return socket;
}

/** Node's own response, over a detached socket, keeping every body chunk it is asked to send. */
class CapturedResponse extends ServerResponse {
  readonly chunks: Buffer[] = [];

  override write(chunk: any, encoding?: any, callback?: any): boolean {
    const accepted = super.write(chunk, encoding, callback);
    if ((this as unknown as { _hasBody: boolean })._hasBody && chunk != null && typeof chunk !== 'function') {
      this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    }
    return accepted;
  }

  override end(chunk?: any, encoding?: any, callback?: any): this {
    if (typeof chunk === 'function') return super.end(chunk);
    if (chunk != null) this.write(chunk, encoding);
    return super.end(typeof encoding === 'function' ? encoding : callback);
  }
}

/**
 * Runs a normalized request through a Node request listener (the app's Koa callback) in memory, so
 * handlers get the very same Koa context as in server mode, without a socket or a port.
 */
export function dispatchHttp(listener: RequestListener, request: WickHttpRequest): Promise<WickHttpResponse> {
  const socket = detachedSocket(request.remoteAddress);
  const req = new IncomingMessage(socket);
  req.method = request.method.toUpperCase();
  req.url = requestUrl(request);
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  const headers = requestHeaders(request.headers);
  headers.host ??= 'localhost';
  if (request.body?.length && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) {
    headers['content-length'] = String(request.body.length);
  }
  req.headers = headers as IncomingMessage['headers'];
  if (request.body?.length) req.push(request.body);
  req.push(null);
  req.complete = true;

  const res = new CapturedResponse(req);
  res.assignSocket(socket);
  return new Promise((resolve, reject) => {
    res.once('finish', () =>
      resolve({ status: res.statusCode, headers: normalizeHeaders(res.getHeaders()), body: Buffer.concat(res.chunks) }),
    );
    res.once('error', reject);
    try {
      listener(req, res);
    } catch (err) {
      reject(err);
    }
  });
}
