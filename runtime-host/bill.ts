import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { type HostOutput } from './logs.js';
import { writePrivateFile } from './private-files.js';
import { BILLED_PLATFORMS, type BilledPlatform, type PriceTable } from './prices.js';

/** Where the host serves the bill; `wick host bill` reads and renders it (src/cli/host-bill.ts). */
export const BILL_PATH = '/-/bill';

/** What one function used since the ledger began, across host restarts. */
export interface FunctionUsage {
  invocations: number;
  coldStarts: number;
  /** The sum of the REPORT lines' Billed Duration. */
  billedMs: number;
  /** Each invocation's memorySize in GB × its billed duration in seconds. */
  gbSeconds: number;
  /** How long its instances were up, warm or busy: what keeping them would have held. */
  instanceSeconds: number;
  /** The last memorySize it ran with, for the always-on comparison. */
  memorySize: number;
}

/** `<dir>/host-bill.json`. */
export interface Usage {
  version: 1;
  /** ISO time the ledger began. */
  since: string;
  /** How long a host was up over this folder, across restarts. */
  wallSeconds: number;
  functions: Record<string, FunctionUsage>;
}

/** How long after a change the ledger is written: a SIGKILL loses at most this much accounting. */
const SAVE_DELAY_MS = 1000;
/** After a failed write, the next try waits this long. */
const RETRY_DELAY_MS = 5000;

const emptyUsage = (): Usage => ({ version: 1, since: new Date().toISOString(), wallSeconds: 0, functions: {} });

function isUsage(value: unknown): value is Usage {
  const usage = value as Usage;
  return !!usage && usage.version === 1 && typeof usage.since === 'string' && typeof usage.wallSeconds === 'number' && !!usage.functions && typeof usage.functions === 'object';
}

/** Reads a ledger file; undefined when there is none. */
export function readUsage(file: string): Usage | undefined {
  if (!existsSync(file)) return undefined;
  const usage: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isUsage(usage)) throw new Error(`${file} is not a wick host bill (version 1 expected)`);
  return usage;
}

/**
 * The host's metering, as a platform meters for its bill: invocations, cold starts, billed duration and
 * GB-seconds per function, instance-seconds, and the host's own wall time. Kept in memory and written to
 * `<dir>/host-bill.json` (owner-only, atomically) a second after each change and at stop; a write that fails is
 * logged and tried again, and never stops the host.
 */
export class UsageLedger {
  readonly file: string;
  private readonly usage: Usage;
  private wallMark = Date.now();
  private saveTimer?: NodeJS.Timeout;

  constructor(
    dir: string,
    private readonly output: HostOutput,
  ) {
    this.file = join(dir, 'host-bill.json');
    this.usage = this.load();
  }

  private load(): Usage {
    try {
      return readUsage(this.file) ?? emptyUsage();
    } catch (err) {
      const aside = `${this.file}.unreadable-${Date.now()}`;
      this.output.err(`[host] ${(err as Error).message}: kept as ${aside}, the bill starts anew`);
      try {
        renameSync(this.file, aside);
      } catch {
        // It stays where it is and is overwritten at the next save; the message above names the problem.
      }
      return emptyUsage();
    }
  }

  private of(name: string, memorySize: number): FunctionUsage {
    const usage = (this.usage.functions[name] ??= { invocations: 0, coldStarts: 0, billedMs: 0, gbSeconds: 0, instanceSeconds: 0, memorySize });
    usage.memorySize = memorySize;
    return usage;
  }

  invocation(name: string, memorySize: number, billedMs: number, cold: boolean): void {
    const usage = this.of(name, memorySize);
    usage.invocations += 1;
    if (cold) usage.coldStarts += 1;
    usage.billedMs += billedMs;
    usage.gbSeconds += (memorySize / 1024) * (billedMs / 1000);
    this.changed();
  }

  instanceStopped(name: string, memorySize: number, upMs: number): void {
    this.of(name, memorySize).instanceSeconds += upMs / 1000;
    this.changed();
  }

  /** The ledger as of now, with the wall time up to this moment and the time live instances have been up so far. */
  snapshot(liveInstanceMs: Record<string, number> = {}): Usage {
    this.markWall();
    const copy = structuredClone(this.usage);
    for (const [name, ms] of Object.entries(liveInstanceMs)) if (copy.functions[name]) copy.functions[name].instanceSeconds += ms / 1000;
    return copy;
  }

  /** Writes what is pending now (the host's stop). */
  flush(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.save();
  }

  private markWall(): void {
    const now = Date.now();
    this.usage.wallSeconds += (now - this.wallMark) / 1000;
    this.wallMark = now;
  }

  private changed(): void {
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, SAVE_DELAY_MS).unref();
  }

  private save(): void {
    this.markWall();
    try {
      writePrivateFile(this.file, JSON.stringify(this.usage));
    } catch (err) {
      this.output.err(`[host] could not write the bill to ${this.file}: ${(err as Error).message}; kept in memory, trying again`);
      this.saveTimer ??= setTimeout(() => {
        this.saveTimer = undefined;
        this.save();
      }, RETRY_DELAY_MS).unref();
    }
  }
}

/** What one function's usage costs on one platform, and what one instance of it kept on all the time would. */
export interface FunctionCost {
  requests: number;
  compute: number;
  total: number;
  alwaysOn: number;
}

export interface PlatformBill {
  label: string;
  functions: Record<string, FunctionCost>;
  total: number;
  alwaysOn: number;
}

export interface Bill extends Usage {
  currency: 'USD';
  prices: PriceTable;
  platforms: Record<BilledPlatform, PlatformBill>;
}

/** A platform's price for `seconds` of one function's memory (GB-seconds, and FC's vCPU-seconds that go with them). */
function computeCost(gbSeconds: number, price: PriceTable[BilledPlatform]): number {
  return gbSeconds * price.perGbSecond + gbSeconds * price.vcpuPerGb * price.perVcpuSecond;
}

/**
 * The usage priced on every platform. Pay per use: requests × the request price + GB-seconds × the GB-second
 * price (+ FC's vCPU-seconds). Always on: one instance of the same memory billed at the same rate for the whole
 * wall time the ledger covers, whether or not a request came.
 */
export function priceUsage(usage: Usage, prices: PriceTable): Bill {
  const platforms = Object.fromEntries(
    BILLED_PLATFORMS.map((platform) => {
      const price = prices[platform];
      const functions: Record<string, FunctionCost> = {};
      for (const [name, fn] of Object.entries(usage.functions)) {
        const requests = fn.invocations * price.perRequest;
        const compute = computeCost(fn.gbSeconds, price);
        functions[name] = { requests, compute, total: requests + compute, alwaysOn: computeCost((fn.memorySize / 1024) * usage.wallSeconds, price) };
      }
      const sum = (pick: (cost: FunctionCost) => number) => Object.values(functions).reduce((total, cost) => total + pick(cost), 0);
      return [platform, { label: price.label, functions, total: sum((cost) => cost.total), alwaysOn: sum((cost) => cost.alwaysOn) }];
    }),
  ) as Record<BilledPlatform, PlatformBill>;
  return { ...usage, currency: 'USD', prices, platforms };
}
