import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import { PayloadTooLargeError } from '../src/errors/http-errors.js';
import { statusOf } from '../src/errors/render.js';
import { readBytes } from '../src/http/request-body.js';
import { connectedFrom, peerCheckAvailable } from './peer.js';
import { HEADERS, MAX_SYNC_PAYLOAD, RUNTIME_PREFIX, type LambdaError } from './protocol.js';

/** One event handed to a runtime, with what the Runtime API's `next` answer carries. */
export interface Invocation {
  requestId: string;
  /** The event, as JSON bytes. */
  payload: Buffer;
  deadlineMs: number;
  functionArn: string;
  traceId: string;
  /** Lambda-Runtime-Client-Context: the JSON of X-Amz-Client-Context, in ASCII (client-context.ts). */
  clientContext?: string;
}

/** What the runtime posted for one invocation: its result, or the error its handler threw. */
export type RuntimeAnswer = { kind: 'response'; payload: Buffer } | { kind: 'error'; error: LambdaError };

export interface RuntimeApiListener {
  /** The first `next`: the runtime finished its init. */
  ready(): void;
  initError(error: LambdaError): void;
  answer(requestId: string, answer: RuntimeAnswer): void;
}

const NEXT = `${RUNTIME_PREFIX}/invocation/next`;
const INIT_ERROR = `${RUNTIME_PREFIX}/init/error`;
const INVOCATION = new RegExp(`^${RUNTIME_PREFIX}/invocation/([^/]+)/(response|error)$`);
/** Error bodies are small; a runtime posting more is broken. */
const MAX_ERROR_PAYLOAD = 256 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

/** A request id from the path; a bad %-escape is kept as sent (no invocation has it: 400 InvalidRequestID). */
function decodedId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A list of stack lines as a runtime posted it, if it posted one. */
function lines(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/**
 * A runtime's error body, field by field: `trace` (Lambda's Node.js runtime) and `stackTrace` (the Runtime API's
 * document) are kept as sent. One that is not the documented JSON still fails the invocation, with what it said.
 */
function parseError(body: Buffer, typeHeader: string | string[] | undefined): LambdaError {
  const fallbackType = (Array.isArray(typeHeader) ? typeHeader[0] : typeHeader) || 'Runtime.Unknown';
  try {
    const parsed = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object') {
      const trace = lines(parsed.trace);
      const stackTrace = lines(parsed.stackTrace);
      return {
        errorType: typeof parsed.errorType === 'string' ? parsed.errorType : fallbackType,
        errorMessage: typeof parsed.errorMessage === 'string' ? parsed.errorMessage : '',
        ...(trace && { trace }),
        ...(stackTrace && { stackTrace }),
      };
    }
  } catch {
    // not JSON: keep the text
  }
  return { errorType: fallbackType, errorMessage: body.toString('utf8') };
}

/**
 * The Lambda Runtime API for one instance, on its own 127.0.0.1 port, so a real runtime client works unchanged:
 * `GET next` long-polls until the host hands it an invocation; `POST {id}/response` and `{id}/error` answer it;
 * `POST init/error` reports a failed init. Events pass through as bytes, never re-parsed. Only the instance's own
 * processes are served: any other local process is refused (403) on each connection it opens (peer.ts).
 */
export class RuntimeApi {
  private readonly polls: ServerResponse[] = [];
  private readonly queued: Invocation[] = [];
  /** Handed to the runtime and not answered yet. */
  private readonly delivered = new Set<string>();
  /** Per connection: whether it comes from the instance (or its descendants), or the check still running. */
  private readonly admitted = new WeakMap<Socket, boolean | Promise<boolean>>();
  private initialised = false;

  private constructor(
    private readonly server: Server,
    private readonly listener: RuntimeApiListener,
    private readonly owner: () => number | undefined,
  ) {}

  /** `owner` is the pid of the instance's process, once it has one: it and its descendants may connect. */
  static async start(listener: RuntimeApiListener, owner: () => number | undefined): Promise<RuntimeApi> {
    const server = createServer();
    const api = new RuntimeApi(server, listener, owner);
    // Once per connection, before its first request: who holds its other end.
    server.on('connection', (socket: Socket) => {
      const verdict = api.admits(socket);
      api.admitted.set(socket, verdict);
      void verdict.then((admitted) => api.admitted.set(socket, admitted));
    });
    server.on('request', (req, res) => {
      api.route(req, res).catch((err: Error) => api.failRequest(res, err));
    });
    server.keepAliveTimeout = 0;
    server.requestTimeout = 0;
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    return api;
  }

  /** `127.0.0.1:<port>`, the value of AWS_LAMBDA_RUNTIME_API. */
  get address(): string {
    const { port } = this.server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  /** Gives the invocation to a waiting `next`, or keeps it for the next one. */
  deliver(invocation: Invocation): void {
    this.queued.push(invocation);
    this.dispatch();
  }

  /** Stops expecting an answer (the invocation timed out); a late one is refused. */
  forget(requestId: string): void {
    this.delivered.delete(requestId);
    const index = this.queued.findIndex((invocation) => invocation.requestId === requestId);
    if (index >= 0) this.queued.splice(index, 1);
  }

  close(): void {
    for (const poll of this.polls.splice(0)) poll.destroy();
    this.server.close();
    this.server.closeAllConnections();
  }

  private async admits(socket: Socket): Promise<boolean> {
    if (!peerCheckAvailable) return true;
    const pid = this.owner();
    return pid !== undefined && connectedFrom(socket, pid);
  }

  /** Hands queued invocations to waiting polls, oldest first. */
  private dispatch(): void {
    while (this.polls.length && this.queued.length) {
      const poll = this.polls.shift()!;
      // Its connection is gone: the invocation waits for the next poll. (A pipelined poll has no socket yet, until
      // the answer before it is written: it is not gone.)
      if (poll.destroyed) continue;
      const invocation = this.queued.shift()!;
      if (!this.answerNext(poll, invocation)) this.polls.unshift(poll);
    }
  }

  /**
   * Writes one invocation as the answer of a `next`. A write that throws (a header Node refuses) fails that
   * invocation, reported to its caller, and leaves the poll waiting for the next one: false then.
   */
  private answerNext(res: ServerResponse, invocation: Invocation): boolean {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': invocation.payload.length,
      [HEADERS.requestId]: invocation.requestId,
      [HEADERS.deadline]: invocation.deadlineMs,
      [HEADERS.functionArn]: invocation.functionArn,
      [HEADERS.traceId]: invocation.traceId,
      ...(invocation.clientContext && { [HEADERS.clientContext]: invocation.clientContext }),
    };
    try {
      res.writeHead(200, headers);
    } catch (err) {
      const errorMessage = `RequestId: ${invocation.requestId} Error: the invocation could not be handed to the runtime: ${(err as Error).message}`;
      this.listener.answer(invocation.requestId, { kind: 'error', error: { errorType: 'Runtime.InvalidInvocation', errorMessage } });
      return false;
    }
    this.delivered.add(invocation.requestId);
    res.end(invocation.payload);
    return true;
  }

  /** A request that failed before it was answered gets the error; one whose answer cannot be written loses its connection. */
  private failRequest(res: ServerResponse, err: Error): void {
    try {
      if (!res.headersSent) return send(res, statusOf(err), { errorMessage: err.message, errorType: 'InvalidRequest' });
    } catch {
      // fall through: nothing more can be said on this connection
    }
    res.destroy();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const admitted = this.admitted.get(req.socket);
    if (!(admitted === true || (admitted !== false && (await admitted)))) {
      req.resume();
      res.shouldKeepAlive = false;
      return send(res, 403, { errorMessage: 'this Runtime API serves only the process of its own instance', errorType: 'AccessDeniedException' });
    }
    const path = req.url ?? '';
    if (req.method === 'GET' && path === NEXT) return this.next(res);
    if (req.method === 'POST' && path === INIT_ERROR) {
      const error = parseError(await readBytes(req, MAX_ERROR_PAYLOAD), req.headers[HEADERS.errorType]);
      send(res, 202, { status: 'OK' });
      return this.listener.initError(error);
    }
    const match = req.method === 'POST' ? INVOCATION.exec(path) : null;
    if (!match) return send(res, 404, { errorMessage: `no such Runtime API route: ${req.method} ${path}`, errorType: 'InvalidRequest' });
    const requestId = decodedId(match[1]);
    if (!this.delivered.has(requestId)) {
      req.resume();
      return send(res, 400, { errorMessage: `invalid request id ${requestId}: not in flight on this runtime`, errorType: 'InvalidRequestID' });
    }
    if (match[2] === 'error') {
      const error = parseError(await readBytes(req, MAX_ERROR_PAYLOAD), req.headers[HEADERS.errorType]);
      return this.settle(res, requestId, { kind: 'error', error });
    }
    let payload: Buffer;
    try {
      payload = await readBytes(req, MAX_SYNC_PAYLOAD);
    } catch (err) {
      if (!(err instanceof PayloadTooLargeError)) throw err;
      const errorMessage = `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_PAYLOAD} bytes).`;
      send(res, 413, { errorMessage, errorType: 'RequestEntityTooLarge' });
      this.delivered.delete(requestId);
      return this.listener.answer(requestId, { kind: 'error', error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage } });
    }
    return this.settle(res, requestId, { kind: 'response', payload });
  }

  private settle(res: ServerResponse, requestId: string, answer: RuntimeAnswer): void {
    send(res, 202, { status: 'OK' });
    if (!this.delivered.delete(requestId)) return;
    this.listener.answer(requestId, answer);
  }

  private next(res: ServerResponse): void {
    if (!this.initialised) {
      this.initialised = true;
      this.listener.ready();
    }
    this.polls.push(res);
    res.once('close', () => {
      const index = this.polls.indexOf(res);
      if (index >= 0) this.polls.splice(index, 1);
    });
    this.dispatch();
  }
}
