import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type HostFunction } from './manifest.js';
import { forwardLines, type HostOutput, type InvocationLog } from './logs.js';
import { megabytes, MemoryReader } from './memory.js';
import { CONCURRENCY_ENV, REGION, type LambdaError } from './protocol.js';
import { RuntimeApi, type Invocation, type RuntimeAnswer } from './runtime-api.js';
import { assign, runtimeArgs } from './runtime-pool.js';

/** How one invocation ended, whatever its trigger. */
export type Outcome =
  | { kind: 'ok'; payload: Buffer }
  /** The handler threw (or rejected): a function error, the instance lives on. */
  | { kind: 'error'; error: LambdaError }
  | { kind: 'timeout'; error: LambdaError }
  /** The process died under the invocation: exit, uncaught exception, out of memory. */
  | { kind: 'crash'; error: LambdaError }
  /** The instance that was started for it failed its init. */
  | { kind: 'init'; error: LambdaError }
  | { kind: 'throttled' }
  /** The host is shutting down and takes no new work. */
  | { kind: 'unavailable' };

export type InstanceState = 'starting' | 'idle' | 'busy' | 'dead';

/** Lambda gives an init 10 seconds. */
const INIT_TIMEOUT_MS = 10_000;
/** After SIGTERM, how long an instance has to go before SIGKILL. */
const STOP_GRACE_MS = 2_000;
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit/i;
/**
 * How often the resident memory of an instance is read while it initialises or runs invocations (and once at each
 * answer): VmHWM, the kernel's peak, so a spike between two reads counts too.
 */
const MEMORY_SAMPLE_MS = 50;

export class InitError extends Error {
  constructor(readonly error: LambdaError) {
    super(`${error.errorType}: ${error.errorMessage}`);
  }
}

export interface InstanceOptions {
  fn: HostFunction;
  bootstrap: string;
  /** The environment beyond the Lambda variables: PATH, WICK_ENV. */
  baseEnv: Record<string, string>;
  output: HostOutput;
  /** Started ahead of traffic (minInstances): Lambda's provisioned concurrency. */
  provisioned: boolean;
  /** A started runtime from the pool, holding no function yet: it becomes this instance instead of a new spawn. */
  runtime?: ChildProcess;
  /** Called once when the instance is gone for good, whatever the reason. */
  onGone(instance: Instance): void;
}

interface InFlight {
  resolve(outcome: Outcome): void;
  timer: NodeJS.Timeout;
}

/** `2024/05/01/[$LATEST]<32 hex>`, as Lambda names an execution environment's log stream. */
function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** Signal names as Lambda writes them (Go's): `signal: killed` for SIGKILL. */
const SIGNAL_TEXT: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGINT: 'interrupt' };

function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal: ${SIGNAL_TEXT[signal] ?? signal}` : `exit status ${code}`;
}

/**
 * One execution environment: a real child process running the runtime client on one artifact, with its own
 * Runtime API server. `ready` settles when its init is done (the first `next`) or failed; `invoke` runs one
 * event with the function's timeout. A timeout kills the process; any death fails only what ran on it.
 */
export class Instance {
  readonly logStream = logStreamName();
  readonly startedAt = Date.now();
  state: InstanceState = 'starting';
  initMs?: number;
  invocations = 0;
  /** Requests bound to this instance while it starts (the activator's doing). */
  reserved = 0;
  lastUsedAt = Date.now();
  peakMemoryMb?: number;
  readonly ready: Promise<void>;
  private readonly inFlight = new Map<string, InFlight>();
  /** The logs of the invocations that asked for their tail and run or wait on this instance: its output goes to each. */
  private readonly logs = new Set<InvocationLog>();
  private child?: ChildProcess;
  private api?: RuntimeApi;
  private initError?: LambdaError;
  private killedFor?: string;
  private outOfMemory = false;
  private memory?: MemoryReader;
  private memoryTimer?: NodeJS.Timeout;
  private gone = false;
  private initSettled = false;
  private settleReady!: { resolve(): void; reject(err: InitError): void };

  constructor(private readonly options: InstanceOptions) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    this.ready.catch(() => {});
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Spawns the process (or gives a pooled one its function); `ready` tells how its init went. */
  async start(): Promise<void> {
    const { fn, runtime } = this.options;
    // Watched from now on: a pooled process could die while the Runtime API opens.
    if (runtime) this.watch(runtime);
    try {
      this.api = await RuntimeApi.start({
        ready: () => this.initialised(),
        initError: (error) => {
          this.initError = error;
        },
        answer: (requestId, answer) => this.answered(requestId, answer),
      }, () => this.child?.pid);
    } catch (err) {
      return this.failInit({ errorType: 'Runtime.Unknown', errorMessage: `could not open the Runtime API: ${(err as Error).message}` });
    }
    // Gone or stopped while its Runtime API was opening (the host is shutting down): never spawn.
    if (this.gone) return this.api.close();
    if (this.state === 'dead') return this.failInit({ errorType: 'Runtime.Unavailable', errorMessage: 'the instance was stopped before it started' });
    const env: Record<string, string> = {
      ...this.options.baseEnv,
      AWS_LAMBDA_RUNTIME_API: this.api.address,
      _HANDLER: fn.handler,
      LAMBDA_TASK_ROOT: fn.dir,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: this.logStream,
      AWS_LAMBDA_INITIALIZATION_TYPE: this.options.provisioned ? 'provisioned-concurrency' : 'on-demand',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      TZ: 'UTC',
      [CONCURRENCY_ENV]: String(fn.concurrency),
    };
    // The same environment and folder either way: a pooled process replaces its whole environment with this one.
    if (runtime) assign(runtime, { cwd: fn.dir, env });
    else this.watch(spawn(process.execPath, runtimeArgs(this.options.bootstrap, fn.memorySize), { cwd: fn.dir, env, stdio: ['pipe', 'pipe', 'pipe'] }));
    this.sampleMemory(true);
    const initTimer = setTimeout(() => {
      if (this.state !== 'starting') return;
      this.initError = { errorType: 'Runtime.InitTimeout', errorMessage: `Init timed out after ${(INIT_TIMEOUT_MS / 1000).toFixed(2)} seconds` };
      this.kill();
    }, INIT_TIMEOUT_MS);
    this.ready.then(() => clearTimeout(initTimer), () => clearTimeout(initTimer));
  }

  /** Runs one invocation; resolves with how it ended, never rejects. */
  invoke(invocation: Invocation): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      if (this.state === 'dead' || this.state === 'starting' || !this.api) {
        return resolve({ kind: 'crash', error: { errorType: 'Runtime.Unavailable', errorMessage: `RequestId: ${invocation.requestId} Error: the instance is not ready` } });
      }
      const timeoutMs = this.options.fn.timeoutMs;
      const timer = setTimeout(() => this.timedOut(invocation.requestId), timeoutMs);
      this.inFlight.set(invocation.requestId, { resolve, timer });
      this.invocations += 1;
      this.state = 'busy';
      this.sampleMemory(true);
      this.api.deliver(invocation);
    });
  }

  /** From now on, what the instance writes also goes to `log`, until it is released. */
  capture(log: InvocationLog): void {
    this.logs.add(log);
  }

  release(log: InvocationLog): void {
    this.logs.delete(log);
  }

  /** Idle reaping and host shutdown: SIGTERM, then SIGKILL if it lingers. Resolves when the process is gone. */
  stop(): Promise<void> {
    const child = this.child;
    this.state = 'dead';
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** Immediately, for a timeout or a stuck init. */
  kill(): void {
    this.state = 'dead';
    this.child?.kill('SIGKILL');
  }

  /** Last chance on host exit: synchronous, so it works in an `exit` handler. */
  killNow(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** The instance's process from now on: its output is the function's log, its end the instance's. */
  private watch(child: ChildProcess): void {
    const { fn } = this.options;
    this.child = child;
    if (child.pid !== undefined) this.memory = new MemoryReader(child.pid);
    child.stdin!.on('error', () => {});
    const prefix = () => `[${fn.name}] [${this.logRequestId()}]`;
    const capture = (line: string) => this.logs.forEach((log) => log.append(line));
    forwardLines(child.stdout!, this.options.output.out, prefix, capture);
    forwardLines(child.stderr!, this.options.output.err, prefix, (line) => {
      if (OUT_OF_MEMORY.test(line)) this.outOfMemory = true;
      capture(line);
    });
    child.once('error', (err) => this.failInit({ errorType: 'Runtime.Unknown', errorMessage: `could not start node: ${err.message}` }));
    child.once('close', (code, signal) => this.closed(code, signal));
  }

  private logRequestId(): string {
    if (this.state === 'starting') return 'init';
    return this.inFlight.size ? [...this.inFlight.keys()].join(',') : '-';
  }

  private initialised(): void {
    if (this.initSettled || this.state !== 'starting' || !this.withinMemory()) return;
    this.sampleMemory(false);
    this.initSettled = true;
    this.initMs = Date.now() - this.startedAt;
    this.state = 'idle';
    this.settleReady.resolve();
  }

  private rejectInit(error: LambdaError): void {
    if (this.initSettled) return;
    this.initSettled = true;
    this.settleReady.reject(new InitError(error));
  }

  private failInit(error: LambdaError): void {
    this.rejectInit(error);
    this.child?.kill('SIGKILL');
    this.state = 'dead';
    this.finish();
  }

  private answered(requestId: string, answer: RuntimeAnswer): void {
    const entry = this.inFlight.get(requestId);
    // Past its memorySize, the process would have been killed before it answered: the exit settles the invocation.
    if (!entry || !this.withinMemory()) return;
    this.inFlight.delete(requestId);
    clearTimeout(entry.timer);
    this.lastUsedAt = Date.now();
    if (this.state === 'busy' && this.inFlight.size === 0) {
      this.state = 'idle';
      this.sampleMemory(false);
    }
    entry.resolve(answer.kind === 'response' ? { kind: 'ok', payload: answer.payload } : { kind: 'error', error: answer.error });
  }

  private timedOut(requestId: string): void {
    const entry = this.inFlight.get(requestId);
    if (!entry) return;
    this.inFlight.delete(requestId);
    this.api?.forget(requestId);
    this.killedFor = `invocation ${requestId} timed out`;
    this.kill();
    const seconds = (this.options.fn.timeoutMs / 1000).toFixed(2);
    entry.resolve({ kind: 'timeout', error: { errorType: 'TimeoutError', errorMessage: `Task timed out after ${seconds} seconds` } });
  }

  private closed(code: number | null, signal: NodeJS.Signals | null): void {
    this.state = 'dead';
    this.rejectInit(this.initError ?? { errorType: 'Runtime.ExitError', errorMessage: `Error: Runtime exited with error: ${exitText(code, signal)}` });
    const errorType = this.outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
    const reason = this.outOfMemory ? ` (out of memory: memorySize is ${this.options.fn.memorySize} MB)` : this.killedFor ? ` (killed because ${this.killedFor})` : '';
    for (const [requestId, entry] of this.inFlight) {
      clearTimeout(entry.timer);
      entry.resolve({ kind: 'crash', error: { errorType, errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${exitText(code, signal)}${reason}` } });
    }
    this.inFlight.clear();
    this.finish();
  }

  /** Reads the memory every MEMORY_SAMPLE_MS while the instance works (on), or stops (off). */
  private sampleMemory(on: boolean): void {
    if (!on) {
      clearInterval(this.memoryTimer);
      this.memoryTimer = undefined;
    } else if (!this.memoryTimer) {
      this.memoryTimer = setInterval(() => this.withinMemory(), MEMORY_SAMPLE_MS).unref();
    }
  }

  /**
   * Reads the process's peak resident memory, which is Max Memory Used. One that passed memorySize is out of memory,
   * as a platform's cgroup would have it: SIGKILL, and what runs on it fails with Runtime.OutOfMemory.
   */
  private withinMemory(): boolean {
    if (this.outOfMemory || this.state === 'dead') return !this.outOfMemory;
    const peakKb = this.memory?.peakKb();
    if (peakKb === undefined) return true;
    this.peakMemoryMb = Math.max(this.peakMemoryMb ?? 0, megabytes(peakKb));
    const { memorySize, name } = this.options.fn;
    if (peakKb <= memorySize * 1024) return true;
    this.outOfMemory = true;
    this.options.output.err(`[${name}] [${this.logRequestId()}] out of memory: ${megabytes(peakKb)} MB resident, over its memorySize of ${memorySize} MB: killing the instance`);
    if (this.state === 'starting') this.initError = { errorType: 'Runtime.OutOfMemory', errorMessage: `Error: Runtime exited with error: signal: killed (out of memory: memorySize is ${memorySize} MB)` };
    this.kill();
    return false;
  }

  /** Releases the Runtime API and tells the pool, once. */
  private finish(): void {
    if (this.gone) return;
    this.gone = true;
    this.sampleMemory(false);
    this.memory?.close();
    this.api?.close();
    this.options.onGone(this);
  }
}
