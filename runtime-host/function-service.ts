import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { invocationClientContext } from './client-context.js';
import { Instance, type InitError, type InstanceState, type Outcome } from './instance.js';
import { type UsageLedger } from './bill.js';
import { billedDurationMs, InvocationLog, outputDrained, reportLine, type HostOutput } from './logs.js';
import { type HostFunction } from './manifest.js';
import { traceHeader } from '../adapters/aws-lambda/identifiers.js';
import { functionArn } from './protocol.js';
import { type Invocation } from './runtime-api.js';
import { type RuntimePool } from './runtime-pool.js';
import { FunctionStats } from './stats.js';

/** X-Ray's trace header format, which the Runtime API passes as Lambda-Runtime-Trace-Id. */
function traceId(): string {
  return traceHeader(randomBytes(12).toString('hex'), new Date(), randomBytes(8).toString('hex'));
}

export interface InvokeRequest {
  /** The event as JSON bytes. */
  payload: Buffer;
  /** Retries of one async event keep its id, as Lambda's do. */
  requestId?: string;
  clientContext?: string;
  /** The attempt of an async event (1, 2, 3), which its handler sees as ctx.attempt. */
  attempt?: number;
  /** LogType Tail: the result carries the invocation's log. */
  logTail?: boolean;
}

interface InvokeResult {
  requestId: string;
  outcome: Outcome;
  cold: boolean;
  /** With `logTail`, once the invocation ran: the last 4 KB of its log, base64. */
  log?: string;
}

interface ServiceOptions {
  bootstrap: string;
  baseEnv: Record<string, string>;
  output: HostOutput;
  /** Requests that may wait for a busy function at its instance limit before more are throttled. */
  queueSize: number;
  /** Started runtimes a cold start takes before it spawns one (`--runtime-pool`). */
  pool?: RuntimePool;
  /** Meters every invocation and instance for the bill. */
  ledger?: UsageLedger;
}

interface Pending {
  requestId: string;
  request: InvokeRequest;
  log?: InvocationLog;
  resolve(result: InvokeResult): void;
}

interface InstanceStatus {
  pid: number | undefined;
  state: InstanceState | 'stopping';
  inFlight: number;
  ageMs: number;
  invocations: number;
  initMs?: number;
  maxMemoryUsedMb?: number;
}

export interface FunctionStatus {
  instances: InstanceStatus[];
  coldStarts: number;
  warmStarts: number;
  throttles: number;
  errors: number;
  timeouts: number;
  /** Requests waiting for an instance (sync), beyond those bound to starting instances. */
  queued: number;
  p50Ms?: number;
  p99Ms?: number;
  settings: { memorySize: number; timeout: number; concurrency: number; minInstances: number; maxInstances: number; idleTimeout: number };
}

/** A crash is Lambda's `Status: error` with the runtime's `Error Type`. */
const STATUS_OF_OUTCOME: Record<Outcome['kind'], string> = { ok: 'ok', error: 'error', timeout: 'timeout', crash: 'error', init: 'init error', throttled: 'throttled', unavailable: 'unavailable' };

/**
 * One function's instances, Lambda-style. A request takes an idle instance (warm), else a seat on an instance
 * that is starting, else the activator starts a new one for it (cold) up to maxInstances; past that it waits in
 * a bounded queue, and past the queue it is throttled. An instance idle for idleTimeout is stopped;
 * minInstances are started ahead of traffic and kept.
 */
export class FunctionService {
  readonly stats = new FunctionStats();
  private readonly instances = new Set<Instance>();
  private readonly bound = new Map<Instance, Pending[]>();
  private readonly waiting: Pending[] = [];
  private readonly idleTimers = new Map<Instance, NodeJS.Timeout>();
  private provisionFailures = 0;
  private provisionTimer?: NodeJS.Timeout;
  private stopping = false;
  /** The drain deadline passed with work still running: the instances are being stopped under it. */
  private cutOff = false;
  private readonly arn: string;

  constructor(
    readonly fn: HostFunction,
    private readonly options: ServiceOptions,
  ) {
    this.arn = functionArn(fn.name);
  }

  /** Starts the minInstances. */
  start(): void {
    this.ensureMinInstances();
  }

  /** Runs one event on an instance; resolves with how it went (throttled included), never rejects. */
  invoke(request: InvokeRequest): Promise<InvokeResult> {
    const requestId = request.requestId ?? randomUUID();
    return new Promise((resolve) => {
      if (this.stopping) return resolve({ requestId, outcome: { kind: 'unavailable' }, cold: false });
      const pending: Pending = { requestId, request, resolve, ...(request.logTail && { log: new InvocationLog() }) };
      if (this.place(pending)) return;
      if (this.waiting.length < this.options.queueSize) return void this.waiting.push(pending);
      this.stats.throttles += 1;
      resolve({ requestId, outcome: { kind: 'throttled' }, cold: false });
    });
  }

  /** Requests waiting or running, for draining. */
  get busy(): boolean {
    return this.waiting.length > 0 || [...this.instances].some((instance) => instance.inFlightCount > 0 || instance.reserved > 0);
  }

  /** How long the instances up now have been up, for a bill taken while they run. */
  liveInstanceMs(): number {
    const now = Date.now();
    return [...this.instances].reduce((sum, instance) => sum + (now - instance.startedAt), 0);
  }

  status(): FunctionStatus {
    const now = Date.now();
    const { fn } = this;
    return {
      instances: [...this.instances].map((instance) => ({
        pid: instance.pid,
        state: instance.state === 'dead' ? 'stopping' : instance.state,
        inFlight: instance.inFlightCount,
        ageMs: now - instance.startedAt,
        invocations: instance.invocations,
        ...(instance.initMs !== undefined && { initMs: instance.initMs }),
        ...(instance.peakMemoryMb !== undefined && { maxMemoryUsedMb: instance.peakMemoryMb }),
      })),
      coldStarts: this.stats.coldStarts,
      warmStarts: this.stats.warmStarts,
      throttles: this.stats.throttles,
      errors: this.stats.errors,
      timeouts: this.stats.timeouts,
      queued: this.waiting.length,
      p50Ms: this.stats.percentile(50),
      p99Ms: this.stats.percentile(99),
      settings: {
        memorySize: fn.memorySize,
        timeout: fn.timeoutMs / 1000,
        concurrency: fn.concurrency,
        minInstances: fn.minInstances,
        maxInstances: fn.maxInstances,
        idleTimeout: fn.idleTimeoutMs / 1000,
      },
    };
  }

  /** Stops taking work, lets what runs finish until `deadline`, then stops every instance. */
  async stop(deadline: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.provisionTimer);
    while (this.busy && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    this.cutOff = true;
    for (const pending of this.waiting.splice(0)) pending.resolve({ requestId: pending.requestId, outcome: { kind: 'unavailable' }, cold: false });
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    await Promise.all([...this.instances].map((instance) => instance.stop()));
  }

  /**
   * How a request ended, unless the host stopped its instance at the drain deadline: then it did not crash or
   * fail its init, the host is shutting down (a 503; the async queue has the next boot run an event again).
   */
  private cutShort(outcome: Outcome): Outcome {
    return this.cutOff && (outcome.kind === 'crash' || outcome.kind === 'init') ? { kind: 'unavailable' } : outcome;
  }

  /** On host exit: no instance may outlive it. */
  killNow(): void {
    for (const instance of this.instances) instance.killNow();
  }

  private live(): Instance[] {
    return [...this.instances].filter((instance) => instance.state !== 'dead');
  }

  /** Runs or binds the request if some capacity exists or can be started; false when it has to wait. */
  private place(pending: Pending): boolean {
    const { concurrency, maxInstances } = this.fn;
    const live = this.live();
    let best: Instance | undefined;
    for (const instance of live) {
      if ((instance.state !== 'idle' && instance.state !== 'busy') || instance.inFlightCount >= concurrency) continue;
      // Pack work onto the busiest, most recently used instances, so the others go idle and are reaped.
      if (!best || instance.inFlightCount > best.inFlightCount || (instance.inFlightCount === best.inFlightCount && instance.lastUsedAt > best.lastUsedAt)) best = instance;
    }
    if (best) {
      this.run(best, pending, false);
      return true;
    }
    const starting = live.find((instance) => instance.state === 'starting' && instance.reserved < concurrency);
    if (starting) {
      this.bind(starting, pending);
      return true;
    }
    if (live.length < maxInstances) {
      this.bind(this.launch(false), pending);
      return true;
    }
    return false;
  }

  private bind(instance: Instance, pending: Pending): void {
    if (pending.log) instance.capture(pending.log);
    instance.reserved += 1;
    this.bound.get(instance)!.push(pending);
  }

  private launch(provisioned: boolean): Instance {
    const instance = new Instance({
      fn: this.fn,
      bootstrap: this.options.bootstrap,
      baseEnv: this.options.baseEnv,
      output: this.options.output,
      provisioned,
      runtime: this.options.pool?.take(this.fn.memorySize),
      onGone: (gone) => this.gone(gone),
    });
    this.instances.add(instance);
    this.bound.set(instance, []);
    instance.ready.then(
      () => this.ready(instance, provisioned),
      (err: InitError) => this.initFailed(instance, err, provisioned),
    );
    void instance.start();
    return instance;
  }

  private ready(instance: Instance, provisioned: boolean): void {
    if (provisioned) this.provisionFailures = 0;
    const bound = this.bound.get(instance) ?? [];
    this.bound.delete(instance);
    instance.reserved = 0;
    for (const pending of bound) this.run(instance, pending, true);
    if (!bound.length) this.options.pool?.refill();
    this.pull(instance);
  }

  private initFailed(instance: Instance, err: InitError, provisioned: boolean): void {
    const bound = this.bound.get(instance) ?? [];
    this.bound.delete(instance);
    instance.reserved = 0;
    this.options.output.err(`[${this.fn.name}] [init] init error: ${err.error.errorType}: ${err.error.errorMessage}`);
    for (const pending of bound) {
      this.stats.errors += 1;
      this.stats.coldStarts += 1;
      const outcome = this.cutShort({ kind: 'init', error: err.error });
      const reported = this.report(pending.requestId, outcome, 0, Date.now() - instance.startedAt, instance);
      this.settle(pending, { requestId: pending.requestId, outcome, cold: true }, instance, reported);
    }
    if (this.stopping) return;
    this.options.pool?.refill();
    this.pumpWaiting();
    if (provisioned) {
      // A provisioned instance that cannot boot is retried with backoff, not in a tight loop.
      this.provisionFailures += 1;
      clearTimeout(this.provisionTimer);
      this.provisionTimer = setTimeout(() => this.ensureMinInstances(), Math.min(30_000, 1000 * 2 ** (this.provisionFailures - 1))).unref();
    }
  }

  private run(instance: Instance, pending: Pending, cold: boolean): void {
    clearTimeout(this.idleTimers.get(instance));
    this.idleTimers.delete(instance);
    if (cold) this.stats.coldStarts += 1;
    else this.stats.warmStarts += 1;
    const clientContext = invocationClientContext(pending.request.clientContext, pending.request.attempt);
    const invocation: Invocation = {
      requestId: pending.requestId,
      payload: pending.request.payload,
      deadlineMs: Date.now() + this.fn.timeoutMs,
      functionArn: this.arn,
      traceId: traceId(),
      ...(clientContext && { clientContext }),
    };
    if (pending.log) instance.capture(pending.log);
    const started = performance.now();
    void instance.invoke(invocation).then((ended) => {
      const outcome = this.cutShort(ended);
      const durationMs = performance.now() - started;
      if (outcome.kind === 'timeout') this.stats.timeouts += 1;
      else if (outcome.kind !== 'ok') this.stats.errors += 1;
      this.stats.record(durationMs);
      this.options.ledger?.invocation(this.fn.name, this.fn.memorySize, billedDurationMs(durationMs), cold);
      const reported = this.report(pending.requestId, outcome, durationMs, cold ? instance.initMs : undefined, instance);
      this.settle(pending, { requestId: pending.requestId, outcome, cold }, instance, reported);
      // The pool refills once the cold start is answered: its spawns would block the host while it waits for one.
      if (cold) this.options.pool?.refill();
      if (instance.state !== 'dead') this.pull(instance);
    });
  }

  /**
   * Answers the request; one that asked for its log waits for the REPORT line, which ends it. By then the lines
   * the instance wrote before answering have arrived too: the REPORT line waits a trip through the event loop,
   * behind the output already in the pipes.
   */
  private settle(pending: Pending, result: InvokeResult, instance: Instance, reported: Promise<string>): void {
    const { log } = pending;
    if (!log) return pending.resolve(result);
    void reported.then((line) => {
      instance.release(log);
      log.append(line);
      pending.resolve({ ...result, log: log.tail() });
    });
  }

  /** The REPORT line, with the instance's peak memory as it last sampled it (at the answer, or before it died). */
  private report(requestId: string, outcome: Outcome, durationMs: number, initMs: number | undefined, instance: Instance): Promise<string> {
    const pid = instance.pid;
    return outputDrained().then(() => {
      const line = reportLine({
        requestId,
        functionName: this.fn.name,
        status: STATUS_OF_OUTCOME[outcome.kind],
        ...(outcome.kind === 'crash' && { errorType: outcome.error.errorType }),
        durationMs,
        memorySize: this.fn.memorySize,
        maxMemoryUsedMb: instance.peakMemoryMb,
        initMs,
        pid,
      });
      this.options.output.out(line);
      return line;
    });
  }

  /** Gives an instance with free seats the oldest waiting requests; an idle one starts its idle countdown. */
  private pull(instance: Instance): void {
    while (this.waiting.length && instance.inFlightCount < this.fn.concurrency && instance.state !== 'dead') this.run(instance, this.waiting.shift()!, false);
    if (instance.state === 'idle' && instance.inFlightCount === 0) this.armIdleTimer(instance);
  }

  private armIdleTimer(instance: Instance): void {
    clearTimeout(this.idleTimers.get(instance));
    const timer = setTimeout(() => {
      this.idleTimers.delete(instance);
      if (instance.state !== 'idle' || instance.inFlightCount > 0) return;
      if (this.live().length <= this.fn.minInstances) return;
      this.options.output.out(`[${this.fn.name}] instance ${instance.pid} idle for ${this.fn.idleTimeoutMs} ms: stopping`);
      void instance.stop();
    }, this.fn.idleTimeoutMs);
    timer.unref();
    this.idleTimers.set(instance, timer);
  }

  private gone(instance: Instance): void {
    this.instances.delete(instance);
    this.options.ledger?.instanceStopped(this.fn.name, this.fn.memorySize, Date.now() - instance.startedAt);
    clearTimeout(this.idleTimers.get(instance));
    this.idleTimers.delete(instance);
    // Still bound: its init failed, and initFailed() settles its requests.
    if (this.bound.has(instance) || this.stopping) return;
    this.pumpWaiting();
    this.ensureMinInstances();
  }

  /** Capacity went away: waiting requests may start instances of their own. */
  private pumpWaiting(): void {
    while (this.waiting.length && this.place(this.waiting[0])) this.waiting.shift();
  }

  private ensureMinInstances(): void {
    if (this.stopping) return;
    for (let count = this.live().length; count < this.fn.minInstances; count++) this.launch(true);
  }
}
