import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { CLI } from '../helpers/paths.js';

/** One HTTP request of a check, as text so that server, host and `wick invoke` all get the same bytes. */
export interface HttpRequest {
  method?: string;
  /** Path with query string. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface ExpectedAnswer {
  status: number;
  /** The body parsed as JSON must equal this. */
  json?: unknown;
  /** The body text must equal this. */
  text?: string;
  /** Each header must equal the string or match the pattern. */
  headers?: Record<string, string | RegExp>;
}

export interface HttpStep {
  request: HttpRequest;
  expected: ExpectedAnswer;
  /** Send the cookies the previous step's answer set. */
  withCookies?: boolean;
}

export type Mode = 'server' | 'invoke' | 'host';

export interface HttpCheck {
  name: string;
  /** The function that serves the route when the app runs as functions (a controller's is its camelCase name). */
  functionName: string;
  steps: HttpStep[];
  /** Where the check applies (default: every mode); a mode left out is a documented difference. */
  modes?: Mode[];
  /** A server log line holding this text must also hold the answer's request id (ctx.logger is per request). */
  logsWithRequestId?: string;
  /** Texts the server must have logged (through the app's logger, which knows no request). */
  logs?: string[];
}

/** What the caller of an event function hands over, and what comes back. */
export interface EventCheck {
  name: string;
  functionName: string;
  /** `wick invoke --data` input, and the payload for the host's Invoke API unless `hostPayload` says otherwise. */
  payload: unknown;
  /** `wick invoke --platform aws`: the payload is an AWS event. */
  awsEvent?: boolean;
  result: unknown;
  /** The host runs AWS-format artifacts: what its Invoke API takes and answers, when it differs from `payload`/`result`. */
  host?: { payload: unknown; result: unknown };
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  text: string;
}

export function json(value: unknown): Pick<HttpRequest, 'headers' | 'body'> {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** A multipart/form-data body with text fields and text files. */
export function multipart(fields: Record<string, string>, files: { field: string; filename: string; type: string; content: string }[]): Pick<HttpRequest, 'headers' | 'body'> {
  const boundary = '----wick-midway-suite';
  const parts = [
    ...Object.entries(fields).map(([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    ...files.map((file) => `--${boundary}\r\ncontent-disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\ncontent-type: ${file.type}\r\n\r\n${file.content}\r\n`),
  ];
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: `${parts.join('')}--${boundary}--\r\n` };
}

/** `name=value` pairs of Set-Cookie headers, as a Cookie header sends them back. */
export function cookieHeader(setCookies: string[]): string {
  return setCookies.map((cookie) => cookie.split(';')[0]).join('; ');
}

export async function fetchAnswer(baseUrl: string, request: HttpRequest): Promise<Answer> {
  const res = await fetch(`${baseUrl}${request.path}`, { method: request.method ?? 'GET', headers: request.headers, body: request.body, redirect: 'manual' });
  return { status: res.status, headers: Object.fromEntries(res.headers), setCookies: res.headers.getSetCookie(), text: await res.text() };
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** The compiled CLI as a child process; resolves with its exit code and output once it ends. */
export function runWick(args: string[], options: RunOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runNode([CLI, ...args], options);
}

/** `node <args>` as a child process, killed after `timeoutMs`; resolves with its exit code and output once it ends. */
export function runNode(args: string[], options: RunOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `wick invoke` with a normalized HTTP request; its printed `{status, headers, body}` as an Answer. */
export async function invokeAnswer(appDir: string, functionName: string, request: HttpRequest, env: NodeJS.ProcessEnv): Promise<Answer> {
  const input = { method: request.method ?? 'GET', path: request.path, headers: request.headers ?? {}, body: request.body };
  const out = await runWick(['invoke', functionName, appDir, '--no-build', '--data', JSON.stringify(input)], { env });
  if (out.code !== 0) throw new Error(`wick invoke ${functionName} exited ${out.code}:\n${out.stdout}${out.stderr}`);
  const printed = JSON.parse(out.stdout) as { status: number; headers: Record<string, string | string[]>; body: string; isBase64Encoded: boolean };
  const headers: Record<string, string> = {};
  let setCookies: string[] = [];
  for (const [name, value] of Object.entries(printed.headers)) {
    if (name.toLowerCase() === 'set-cookie') setCookies = ([] as string[]).concat(value);
    else headers[name.toLowerCase()] = ([] as string[]).concat(value).join(', ');
  }
  const text = printed.isBase64Encoded ? Buffer.from(printed.body, 'base64').toString('utf8') : printed.body;
  return { status: printed.status, headers, setCookies, text };
}

/** Runs the steps of a check against one way of answering a request; returns the answers. */
export async function runSteps(check: HttpCheck, answer: (request: HttpRequest) => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const step of check.steps) {
    const previous = answers.at(-1);
    const cookies: Record<string, string> = step.withCookies && previous ? { cookie: cookieHeader(previous.setCookies) } : {};
    const got = await answer({ ...step.request, headers: { ...step.request.headers, ...cookies } });
    expectAnswer(got, step.expected);
    answers.push(got);
  }
  return answers;
}

export function expectAnswer(got: Answer, expected: ExpectedAnswer): void {
  const seen = `${got.status} ${got.text}`;
  expect(got.status, seen).toBe(expected.status);
  if (expected.json !== undefined) expect(JSON.parse(got.text), seen).toEqual(expected.json);
  if (expected.text !== undefined) expect(got.text).toBe(expected.text);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    if (typeof value === 'string') expect(got.headers[name], `header ${name}`).toBe(value);
    else expect(got.headers[name], `header ${name}`).toMatch(value);
  }
}
