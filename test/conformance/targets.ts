import { startServer, type WickHttpRequest, type WickHttpResponse } from 'wick';
import { createApp } from 'wick/testing';
import { fixtureApp } from '../helpers/paths.js';
import { cookieHeader, type ConformanceTarget } from './harness.js';
import { type ConformanceRequest, type ConformanceResponse } from './cases.js';

/** A fixture app as production runs it: prod env (500s hidden), no access log noise. */
export function bootFixtureApp(name: string) {
  return createApp(fixtureApp(name), { env: 'prod', config: { accessLog: { enable: false }, logger: { level: 'silent' } } });
}

export const bootConformanceApp = () => bootFixtureApp('conformance');

/** A conformance request in the framework's normalized model (what an adapter must produce). */
export function toWickRequest(request: ConformanceRequest): WickHttpRequest {
  const cookie = cookieHeader(request.cookies);
  return {
    method: request.method,
    path: request.path,
    query: request.query,
    headers: { ...request.headers, ...(cookie ? { cookie } : {}) },
    body: request.body,
  };
}

export function fromWickResponse(response: WickHttpResponse): ConformanceResponse {
  return { status: response.status, headers: response.headers, body: response.body };
}

/** Sends a conformance request to a real HTTP server with fetch and reads the answer back. */
export async function sendOverHttp(baseUrl: string, request: ConformanceRequest): Promise<ConformanceResponse> {
  const url = new URL(`${baseUrl}${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) [value].flat().forEach((item) => url.searchParams.append(name, item));
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers ?? {})) [value].flat().forEach((item) => headers.append(name, item));
  const cookie = cookieHeader(request.cookies);
  if (cookie) headers.set('cookie', cookie);
  const res = await fetch(url, { method: request.method, headers, body: request.body, redirect: 'manual' });
  const out: ConformanceResponse['headers'] = {};
  res.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  // fetch undoes gzip, deflate and br itself and keeps the content-encoding header.
  return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()), bodyDecoded: true };
}

/** Server mode over a real socket, spoken to with fetch. */
export async function serverTarget(boot = bootConformanceApp): Promise<ConformanceTarget> {
  const app = await boot();
  const running = await startServer(app, { port: 0, host: '127.0.0.1' });
  return {
    send: (request) => sendOverHttp(`http://127.0.0.1:${running.port}`, request),
    close: () => running.stop(),
  };
}

/** The invocation core with no platform in between: the baseline every adapter must match. */
export async function coreTarget(): Promise<ConformanceTarget> {
  const app = await bootConformanceApp();
  return {
    send: async (request) => fromWickResponse(await app.functions.invokeHttp(undefined, toWickRequest(request))),
    close: () => app.close(),
  };
}
