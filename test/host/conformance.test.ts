import { describeConformance, cookieHeader, type ConformanceTarget } from '../conformance/harness.js';
import { type ConformanceResponse } from '../conformance/cases.js';
import { buildFixture, removeDir, startHost } from './helpers.js';

/**
 * The conformance app built for the host, served by `wick host` as real processes, spoken to over real HTTP
 * with fetch: every case goes gateway → API Gateway v2 event → Runtime API → instance → result → response.
 */
async function hostTarget(): Promise<ConformanceTarget> {
  const out = buildFixture('conformance');
  const host = await startHost(out);
  return {
    async send(request) {
      const url = new URL(`${host.url}${request.path}`);
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
      return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
    },
    async close() {
      await host.stop();
      removeDir(out);
    },
  };
}

describeConformance('wick host (built artifacts, real processes, real HTTP)', hostTarget);
