import { createServer, maxHeaderSize, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headSize } from '../../adapters/common/request.js';

type Head = { path: string; query: Record<string, string | string[]>; headers: Record<string, string | string[]> };

let server: Server;
beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The status line server mode answers a raw request with: the head as the core would send it, one line per header value. */
function serverStatus({ path, query, headers }: Head): Promise<string> {
  const pairs = Object.entries(query).flatMap(([name, value]) => [value].flat().map((item): [string, string] => [name, item]));
  const search = new URLSearchParams(pairs).toString();
  const lines = Object.entries(headers).flatMap(([name, value]) => [value].flat().map((item) => `${name}: ${item}\r\n`));
  const raw = Buffer.from(`GET ${path}${search ? `?${search}` : ''} HTTP/1.1\r\n${lines.join('')}connection: close\r\n\r\n`);
  return new Promise((resolve, reject) => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => socket.end(raw));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer.slice(0, answer.indexOf('\r\n'))));
    socket.on('error', reject);
  });
}

/** The same head with one header padded so headSize() says `size`. `connection: close` is counted too. */
function sized(head: Head, size: number): Head {
  const base = headSize(head.path, head.query, { ...head.headers, connection: 'close', 'x-pad': '' });
  return { ...head, headers: { ...head.headers, 'x-pad': 'p'.repeat(size - base) } };
}

describe('the adapters count a request head as Node does against http.maxHeaderSize', () => {
  it.each<[string, Head]>([
    ['a bare request', { path: '/', query: {}, headers: { host: 'x' } }],
    ['an encoded path and a query with characters that need escaping', { path: '/conf/%C3%A4%20b', query: { q: 'café au lait', 'a b': ['1', '2'] }, headers: { host: 'x' } }],
    ['repeated headers, one line each, and a UTF-8 value', { path: '/x', query: {}, headers: { host: 'x', accept: ['text/html', 'application/json'], 'x-name': 'zoë' } }],
  ])('%s: one byte under the limit is served, at the limit server mode answers 431', async (_name, head) => {
    expect(await serverStatus(sized(head, maxHeaderSize - 1))).toBe('HTTP/1.1 200 OK');
    expect(await serverStatus(sized(head, maxHeaderSize))).toBe('HTTP/1.1 431 Request Header Fields Too Large');
  });
});
