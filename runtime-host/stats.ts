/** How many recent durations the percentiles are taken over: enough to be stable, bounded in memory. */
const WINDOW = 1024;

/** Counters and recent durations of one function, for /-/status. */
export class FunctionStats {
  coldStarts = 0;
  warmStarts = 0;
  throttles = 0;
  /** Function errors, crashes and init errors. */
  errors = 0;
  timeouts = 0;
  private readonly durations = new Float64Array(WINDOW);
  private count = 0;

  record(durationMs: number): void {
    this.durations[this.count % WINDOW] = durationMs;
    this.count += 1;
  }

  /** Nearest-rank percentile over the last durations; undefined before any invocation. */
  percentile(p: number): number | undefined {
    const size = Math.min(this.count, WINDOW);
    if (size === 0) return undefined;
    const sorted = Array.from(this.durations.subarray(0, size)).sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * size));
    return Math.round(sorted[rank - 1] * 100) / 100;
  }
}
