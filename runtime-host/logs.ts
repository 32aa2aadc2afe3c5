import { type Readable } from 'node:stream';

/** Where the host writes: its own lines and each instance's output. Tests and the CLI pass process streams. */
export interface HostOutput {
  out(line: string): void;
  err(line: string): void;
}

export const processOutput: HostOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export interface ReportFields {
  requestId: string;
  functionName: string;
  /** `ok`, `error` (the handler threw, or with `errorType` the runtime died under it), `timeout`, `init error`. */
  status: string;
  /** Why the runtime died under the invocation, as Lambda writes it after `Status: error` (Runtime.OutOfMemory, Runtime.ExitError). */
  errorType?: string;
  durationMs: number;
  memorySize: number;
  maxMemoryUsedMb?: number;
  /** Set on a cold start only, as Lambda reports it. */
  initMs?: number;
  pid?: number;
}

const ms = (value: number) => value.toFixed(2);

/** Duration rounded up to the millisecond, as Lambda bills it (and the host's bill sums it). */
export const billedDurationMs = (durationMs: number) => Math.max(1, Math.ceil(durationMs));

/**
 * One line per invocation in the spirit of Lambda's REPORT:
 * `REPORT RequestId: … Function: … Cold: yes Init Duration: 80.12 ms Duration: 3.40 ms Billed Duration: 4 ms
 * Memory Size: 128 MB Max Memory Used: 61 MB Status: ok`.
 */
export function reportLine(fields: ReportFields): string {
  const parts = [
    `REPORT RequestId: ${fields.requestId}`,
    `Function: ${fields.functionName}`,
    `Cold: ${fields.initMs === undefined ? 'no' : 'yes'}`,
    ...(fields.initMs === undefined ? [] : [`Init Duration: ${ms(fields.initMs)} ms`]),
    `Duration: ${ms(fields.durationMs)} ms`,
    `Billed Duration: ${billedDurationMs(fields.durationMs)} ms`,
    `Memory Size: ${fields.memorySize} MB`,
    `Max Memory Used: ${fields.maxMemoryUsedMb === undefined ? '-' : fields.maxMemoryUsedMb} MB`,
    `Status: ${fields.status}`,
    ...(fields.errorType === undefined ? [] : [`Error Type: ${fields.errorType}`]),
    ...(fields.pid === undefined ? [] : [`Pid: ${fields.pid}`]),
  ];
  return parts.join('\t');
}

/**
 * Resolves after one trip through the event loop: by then, what an instance wrote before it answered has been read
 * from its pipes, so its REPORT line comes after its output.
 */
export function outputDrained(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Lambda's LogResult: the last 4 KB of the invocation's log. */
const LOG_TAIL_BYTES = 4096;

/**
 * What one invocation's instance wrote while it ran (its init too, on a cold start), then the REPORT line: the
 * log LogType Tail returns. Only the last 4 KB are kept.
 */
export class InvocationLog {
  private readonly lines: string[] = [];
  private bytes = 0;

  append(line: string): void {
    this.lines.push(line);
    this.bytes += Buffer.byteLength(line) + 1;
    while (this.lines.length > 1 && this.bytes - Buffer.byteLength(this.lines[0]) - 1 >= LOG_TAIL_BYTES) {
      this.bytes -= Buffer.byteLength(this.lines.shift()!) + 1;
    }
  }

  /** The last 4 KB in base64, as X-Amz-Log-Result carries them. */
  tail(): string {
    const text = Buffer.from(this.lines.map((line) => `${line}\n`).join(''));
    return text.subarray(Math.max(0, text.length - LOG_TAIL_BYTES)).toString('base64');
  }
}

/** A longer line is forwarded in pieces: an instance printing without newlines cannot grow the host's memory. */
const MAX_LINE = 64 * 1024;

/**
 * Forwards an instance's stdout or stderr line by line, each prefixed with the function name and the request
 * it belongs to (`init` while booting), so interleaved instances stay readable.
 */
export function forwardLines(stream: Readable, write: (line: string) => void, prefix: () => string, seen?: (line: string) => void): void {
  let pending = '';
  const emit = (line: string) => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    seen?.(text);
    write(`${prefix()} ${text}`);
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      emit(pending.slice(0, end));
      pending = pending.slice(end + 1);
    }
    while (pending.length > MAX_LINE) {
      emit(pending.slice(0, MAX_LINE));
      pending = pending.slice(MAX_LINE);
    }
  });
  stream.on('end', () => {
    if (pending) emit(pending);
    pending = '';
  });
  // A pooled runtime's stdout was read, then paused, by the runtime pool: a new 'data' listener alone would not resume it.
  stream.resume();
}
