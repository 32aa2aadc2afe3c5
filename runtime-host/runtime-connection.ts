/**
 * The runtime client's HTTP/1.1 to the Runtime API: a keep-alive connection over `node:net`, answers framed by
 * Content-Length (the Runtime API always sends it). A profile of warm invocations showed `node:http`'s client
 * (ClientRequest, Agent, IncomingMessage streams, twice per invocation) as the instance's largest cost after the
 * handler; this is the part of it the Runtime API needs. Only Node built-ins: every cold start loads it.
 */
import { connect, type Socket } from 'node:net';

export interface RuntimeResponse {
  status: number;
  /** Lower-cased names; values as the bytes came (latin1), as `node:http` gives them. */
  headers: Record<string, string | undefined>;
  body: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');
/** What `node:http` refuses in a header value: a CR or LF would end the header and inject others. */
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

interface Waiting {
  resolve(response: RuntimeResponse): void;
  reject(err: Error): void;
}

/**
 * One keep-alive connection. Requests may be pipelined: answers come back in order, and the requests made in one
 * tick leave in one write (a polling loop posts its answer and asks for the next event at once, sparing a
 * round trip).
 */
export class RuntimeConnection {
  private readonly socket: Socket;
  private readonly waiting: Waiting[] = [];
  private closed = false;
  private head?: { status: number; headers: Record<string, string>; length: number };
  private chunks: Buffer[] = [];
  private bytes = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.socket = connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', (err) => this.close(err));
    this.socket.on('close', () => this.close(new Error('the Runtime API closed the connection')));
  }

  request(method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}): Promise<RuntimeResponse> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('the connection to the Runtime API is closed'));
      let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nConnection: keep-alive\r\n`;
      const all = body === undefined ? headers : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers };
      for (const [name, value] of Object.entries(all)) {
        if (INVALID_HEADER_VALUE.test(value)) return reject(new TypeError(`Invalid character in header content ["${name}"]`));
        head += `${name}: ${value}\r\n`;
      }
      this.waiting.push({ resolve, reject });
      if (!this.socket.writableCorked) {
        this.socket.cork();
        process.nextTick(() => this.socket.uncork());
      }
      this.socket.write(`${head}\r\n`, 'latin1');
      if (body !== undefined) this.socket.write(body, 'utf8');
    });
  }

  /** Ends the connection; what still waits for an answer fails. */
  close(err = new Error('the connection to the Runtime API was closed')): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    for (const waiting of this.waiting.splice(0)) waiting.reject(err);
  }

  private read(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.head || this.parseHead()) {
      const head = this.head!;
      if (this.bytes < head.length) return;
      const data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      const body = data.subarray(0, head.length).toString('utf8');
      const rest = data.subarray(head.length);
      this.head = undefined;
      this.chunks = rest.length ? [rest] : [];
      this.bytes = rest.length;
      this.waiting.shift()?.resolve({ status: head.status, headers: head.headers, body });
      if (head.headers.connection === 'close') return this.close();
    }
  }

  /** The status line and headers, once all of them have arrived; what follows them stays as the body's first bytes. */
  private parseHead(): boolean {
    if (!this.bytes) return false;
    const data = Buffer.concat(this.chunks);
    const end = data.indexOf(HEAD_END);
    if (end < 0) {
      this.chunks = [data];
      return false;
    }
    const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length']);
    if (!Number.isSafeInteger(length) || length < 0) {
      this.close(new Error(`the Runtime API answered without a Content-Length: ${statusLine}`));
      return false;
    }
    this.head = { status: Number(statusLine.split(' ')[1]), headers, length };
    const rest = data.subarray(end + HEAD_END.length);
    this.chunks = rest.length ? [rest] : [];
    this.bytes = rest.length;
    return true;
  }
}
