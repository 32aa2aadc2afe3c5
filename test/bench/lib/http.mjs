// Plain HTTP helpers on 127.0.0.1: a free port, one request, waiting for a server's first 200.
import { request } from 'node:http';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** One request; resolves with status and body text. */
export function send(port, { method = 'GET', path, body, agent = false, headers = {} }) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } : headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls GET `path` until it answers 200 (connection refusals are the server not listening yet). */
export async function firstOk(port, path, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    try {
      const answer = await send(port, { path });
      if (answer.status === 200) return answer;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`no 200 from 127.0.0.1:${port}${path} within ${timeoutMs} ms`);
}

/** Resident set size of a live process in MiB (Linux /proc), or null where /proc is missing. */
export function rssMiB(pid) {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1];
    return Number(kib) / 1024;
  } catch {
    return null;
  }
}
