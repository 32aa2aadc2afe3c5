import { spawn, type ChildProcess } from 'node:child_process';
import { type HostOutput } from './logs.js';
import { POOL_ENV, POOL_READY, type RuntimeAssignment } from './protocol.js';

export interface RuntimePoolStatus {
  /** Processes kept ready per memory size (`--runtime-pool`); 0 when the pool is off. */
  size: number;
  idle: number;
  starting: number;
  processes: { pid: number | undefined; memorySize: number; state: PooledState }[];
}

type PooledState = 'starting' | 'idle';

interface Pooled {
  child: ChildProcess;
  memorySize: number;
  state: PooledState;
  /** The pool's own listeners, removed when the process is handed out. */
  detach(): void;
}

export interface RuntimePoolOptions {
  size: number;
  /** One pool per memory size: the heap limit (`--max-old-space-size`) can only be set when node starts. */
  memorySizes: number[];
  bootstrap: string;
  /** The environment a process waits in; its function's environment replaces all of it. */
  env: Record<string, string>;
  /** Where a process waits; it moves to its function's folder. */
  cwd: string;
  output: HostOutput;
}

/** A process that keeps dying before it is ready (a broken install) is retried with backoff, not in a tight loop. */
const MAX_RETRY_DELAY_MS = 30_000;

/** The node command line of an instance: the function's heap limit, then the runtime client. */
export function runtimeArgs(bootstrap: string, memorySize: number): string[] {
  return [`--max-old-space-size=${memorySize}`, bootstrap];
}

/** Makes a pooled process the instance of one function: it takes the environment and folder a fresh one is spawned with. */
export function assign(child: ChildProcess, assignment: RuntimeAssignment): void {
  child.stdin!.write(`${JSON.stringify(assignment)}\n`);
}

/**
 * Started runtime processes that hold no function code, as a FaaS platform keeps language runtimes warm: each has
 * loaded the runtime client and the Node built-ins artifacts use, and waits. A cold start takes one (`take`), which
 * becomes that function's instance and is never returned; `refill` starts replacements, called by the host once
 * the cold start is served so the spawns (which block the host's event loop for milliseconds) do not delay it.
 * A process that dies while it waits is replaced, never handed out.
 */
export class RuntimePool {
  private readonly processes = new Set<Pooled>();
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: RuntimePoolOptions) {}

  start(): void {
    this.refill();
  }

  /** A ready process with this memory size's heap limit, now the caller's; undefined when none is ready. */
  take(memorySize: number): ChildProcess | undefined {
    if (this.stopped) return undefined;
    for (const pooled of this.processes) {
      if (pooled.state !== 'idle' || pooled.memorySize !== memorySize || pooled.child.exitCode !== null || pooled.child.signalCode !== null) continue;
      this.processes.delete(pooled);
      pooled.detach();
      return pooled.child;
    }
    return undefined;
  }

  /** Starts processes until every memory size has `size` of them, idle or starting. */
  refill(): void {
    if (this.stopped || this.retryTimer) return;
    for (const memorySize of this.options.memorySizes) {
      let count = [...this.processes].filter((pooled) => pooled.memorySize === memorySize).length;
      for (; count < this.options.size; count++) this.spawn(memorySize);
    }
  }

  status(): RuntimePoolStatus {
    const processes = [...this.processes].map(({ child, memorySize, state }) => ({ pid: child.pid, memorySize, state }));
    return {
      size: this.options.size,
      idle: processes.filter((pooled) => pooled.state === 'idle').length,
      starting: processes.filter((pooled) => pooled.state === 'starting').length,
      processes,
    };
  }

  /** Host shutdown: the waiting processes go (SIGTERM; they hold nothing to drain). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const exits = [...this.processes].map(({ child }) => new Promise((resolve) => child.once('exit', resolve)));
    for (const { child } of this.processes) child.kill('SIGTERM');
    await Promise.all(exits);
  }

  /** On host exit: synchronous, so it works in an `exit` handler. */
  killNow(): void {
    for (const { child } of this.processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  private spawn(memorySize: number): void {
    const { bootstrap, env, cwd } = this.options;
    const child = spawn(process.execPath, runtimeArgs(bootstrap, memorySize), { cwd, env: { ...env, [POOL_ENV]: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin!.on('error', () => {});
    const pooled: Pooled = { child, memorySize, state: 'starting', detach: () => {} };
    let seen = Buffer.alloc(0);
    const readyLine = Buffer.from(`${POOL_READY}\n`);
    // Before its function, the process writes nothing but the ready line: what follows it is the function's output.
    const watch = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const end = seen.indexOf(readyLine);
      if (end < 0) return;
      child.stdout!.off('data', watch);
      child.stdout!.pause();
      const rest = seen.subarray(end + readyLine.length);
      if (rest.length) child.stdout!.unshift(rest);
      pooled.state = 'idle';
      this.failures = 0;
    };
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      this.processes.delete(pooled);
      if (this.stopped) return;
      this.options.output.err(`[host] runtime pool process ${child.pid} exited while ${pooled.state === 'idle' ? 'idle' : 'starting'} (${signal ? `signal: ${signal}` : `exit status ${code}`}): replacing it`);
      if (pooled.state === 'idle') return this.refill();
      this.failures += 1;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.refill();
      }, Math.min(MAX_RETRY_DELAY_MS, 100 * 2 ** this.failures));
      this.retryTimer.unref();
    };
    const failed = (err: Error) => {
      this.processes.delete(pooled);
      this.options.output.err(`[host] runtime pool could not start node: ${err.message}`);
    };
    child.stdout!.on('data', watch);
    child.once('exit', exited);
    child.once('error', failed);
    pooled.detach = () => {
      child.stdout!.off('data', watch);
      child.off('exit', exited);
      child.off('error', failed);
    };
    this.processes.add(pooled);
  }
}
