import { readFileSync } from 'node:fs';
import { invokeOnPlatform } from '../../adapters/platforms.js';
import { type LambdaError } from '../../runtime-host/protocol.js';
import { invokeLocally } from '../functions/invoke.js';
import { type WickHttpResponse } from '../functions/model.js';
import { platformClientContext } from './invoke-platform.js';
import { developmentEnv } from './env.js';
import { loadCompiledApp } from './load-app.js';

export interface InvokeOptions {
  functionName: string;
  dir: string;
  event?: string;
  data?: string;
  platform?: string;
  build: boolean;
  /** The app's env; by default the one `wick dev` uses. */
  env?: string;
  /** A running `wick dev` or `wick host` to send the event to, instead of booting the app here. */
  url?: string;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not valid JSON: ${(err as Error).message}`);
  }
}

export function readInput({ event, data }: Pick<InvokeOptions, 'event' | 'data'>): unknown {
  if (event !== undefined && data !== undefined) throw new Error('pass --event or --data, not both');
  if (event !== undefined) {
    let text: string;
    try {
      text = readFileSync(event, 'utf8');
    } catch (err) {
      throw new Error(`cannot read event file ${event}: ${(err as Error).message}`);
    }
    return parseJson(text, `event file ${event}`);
  }
  return data === undefined ? {} : parseJson(data, '--data');
}

function isHttpResponse(value: unknown): value is WickHttpResponse {
  return Buffer.isBuffer((value as WickHttpResponse | null)?.body) && typeof (value as WickHttpResponse).status === 'number';
}

/** A normalized HTTP response as JSON: text bodies as text, anything else as base64. */
function printable(result: unknown): unknown {
  if (!isHttpResponse(result)) return result ?? null;
  const text = result.body.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(result.body);
  return { status: result.status, headers: result.headers, body: isText ? text : result.body.toString('base64'), isBase64Encoded: !isText };
}

function print(result: unknown): void {
  process.stdout.write(JSON.stringify(printable(result), null, 2) + '\n');
}

async function request(url: URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    throw new Error(`nothing answers at ${url.origin} (${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}): is wick dev or wick host running there?`);
  }
}

/** wick host runs AWS artifacts only; it is the server that answers /-/status. */
async function checkTakesPlatform(url: string, platform: string): Promise<void> {
  if ((await request(new URL('/-/status', url))).ok) throw new Error(`${url} is a wick host, which takes AWS events only: --platform ${platform} with --url needs wick dev`);
}

/**
 * The Lambda Invoke API of a running `wick dev` (env local) or `wick host`: the event goes to the function
 * there, and its result (or its error, as Lambda reports it) comes back. A platform other than AWS is for wick dev.
 */
async function invokeAt(url: string, functionName: string, event: unknown, platform = 'aws'): Promise<unknown> {
  if (platform !== 'aws') await checkTakesPlatform(url, platform);
  const endpoint = new URL(`/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, url);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
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
    throw new Error(`${functionName} failed: ${error.errorType}: ${error.errorMessage}${(error.stackTrace ?? []).map((line) => `\n    ${line}`).join('')}`);
  }
  return body;
}

/**
 * `wick invoke`: runs one function locally (or, with --url, on a running server) and prints its result (in the
 * platform's format with --platform) as JSON on stdout. Everything else the app writes goes to stderr, so
 * stdout stays parseable.
 */
export async function invoke(options: InvokeOptions): Promise<void> {
  const input = readInput(options);
  if (options.url) return print(await invokeAt(options.url, options.functionName, input, options.platform));
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  let result: unknown;
  const app = await loadCompiledApp(options.dir, options.build, { env: developmentEnv(options.env) });
  try {
    app.functions.get(options.functionName);
    result = options.platform
      ? await invokeOnPlatform(options.platform, app, options.functionName, input)
      : await invokeLocally(app.functions, options.functionName, input);
  } finally {
    await app.close();
    process.stdout.write = stdoutWrite;
  }
  print(result);
}
