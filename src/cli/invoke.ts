import { readFileSync } from 'node:fs';
import { encodeBody } from '../../adapters/common/body.js';
import { invokeOnPlatform } from '../../adapters/local-invoke.js';
import { invokeLocally } from '../functions/invoke.js';
import { type WickHttpResponse } from '../functions/model.js';
import { developmentEnv } from './env.js';
import { invokeAt } from './invoke-remote.js';
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
  /** The token of the host at `url`, if it has one. */
  token?: string;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not valid JSON: ${(err as Error).message}`);
  }
}

function readInput({ event, data }: Pick<InvokeOptions, 'event' | 'data'>): unknown {
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

/** A normalized HTTP response as JSON, its body text or base64 by the rule every platform result follows. */
function printable(result: unknown): unknown {
  if (!isHttpResponse(result)) return result ?? null;
  return { status: result.status, headers: result.headers, ...encodeBody(result.body, result.headers) };
}

function print(result: unknown): void {
  process.stdout.write(JSON.stringify(printable(result), null, 2) + '\n');
}

/**
 * `wick invoke`: runs one function locally (or, with --url, on a running server) and prints its result (in the
 * platform's format with --platform) as JSON on stdout. Everything else the app writes goes to stderr, so
 * stdout stays parseable.
 */
export async function invoke(options: InvokeOptions): Promise<void> {
  const input = readInput(options);
  if (options.url) return print(await invokeAt(options.url, options.functionName, input, options.platform, options.token));
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
