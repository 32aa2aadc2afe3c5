import { type RequestListener } from 'node:http';
import inject from 'light-my-request';
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

/**
 * Runs a normalized request through a Node request listener (the app's Koa callback) without a socket,
 * so handlers get the very same Koa context as in server mode.
 */
export async function dispatchHttp(listener: RequestListener, request: WickHttpRequest): Promise<WickHttpResponse> {
  const response = await inject(listener, {
    method: request.method.toUpperCase() as any,
    url: { pathname: request.path || '/', query: request.query as Record<string, string | string[]> },
    headers: request.headers,
    payload: request.body,
    remoteAddress: request.remoteAddress,
  });
  return { status: response.statusCode, headers: normalizeHeaders(response.headers), body: response.rawPayload };
}
