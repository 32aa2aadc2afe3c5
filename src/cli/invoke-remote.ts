import { type LambdaError } from '../../runtime-host/protocol.js';
import { tokenHeaders } from './host-token.js';
import { platformClientContext } from './invoke-platform.js';

async function request(url: URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    throw new Error(`nothing answers at ${url.origin} (${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}): is wick dev or wick host running there?`);
  }
}

/** wick host runs AWS artifacts only; it is the server that answers /-/status. */
async function checkTakesPlatform(url: string, platform: string, token: string | undefined): Promise<void> {
  if ((await request(new URL('/-/status', url), { headers: tokenHeaders(token) })).ok) throw new Error(`${url} is a wick host, which takes AWS events only: --platform ${platform} with --url needs wick dev`);
}

/**
 * The Lambda Invoke API of a running `wick dev` (env local) or `wick host`: the event goes to the function
 * there, and its result (or its error, as Lambda reports it) comes back. A platform other than AWS is for wick dev.
 */
export async function invokeAt(url: string, functionName: string, event: unknown, platform = 'aws', token?: string): Promise<unknown> {
  if (platform !== 'aws') await checkTakesPlatform(url, platform, token);
  const endpoint = new URL(`/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, url);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...tokenHeaders(token) };
  if (platform !== 'aws') headers['x-amz-client-context'] = platformClientContext(platform);
  const res = await request(endpoint, { method: 'POST', headers, body: JSON.stringify(event) });
  const text = await res.text();
  const errorType = res.headers.get('x-amzn-errortype');
  if (res.status === 404 && !errorType) throw new Error(`${url} does not serve the Invoke API: wick dev does (in env local), and wick host`);
  let body: unknown;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    throw new Error(`${url} answered ${res.status} with something other than JSON: ${text.slice(0, 200)}`);
  }
  if (errorType) throw new Error(`${url}: ${errorType}: ${(body as { Message?: string } | null)?.Message ?? text}`);
  if (res.headers.get('x-amz-function-error')) {
    const error = body as LambdaError;
    // The Node.js runtime's trace starts with the `<type>: <message>` line printed here already.
    const stack = error.trace?.slice(1) ?? error.stackTrace ?? [];
    throw new Error(`${functionName} failed: ${error.errorType}: ${error.errorMessage}${stack.map((line) => `\n    ${line.trim()}`).join('')}`);
  }
  return body;
}
