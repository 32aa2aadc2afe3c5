// Not a peer: node:http answering GET /hello with no framework at all, to show what the load generator can
// drive on this machine. Where a peer comes close to it, the load generator, not the peer, is the limit.
import { createServer } from 'node:http';
import { HOST, PORT } from '../shared/listen';

createServer((req, res) => {
  const name = new URL(req.url ?? '/', 'http://localhost').searchParams.get('name') ?? 'world';
  const body = JSON.stringify({ message: `hello ${name}` });
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(PORT, HOST);
