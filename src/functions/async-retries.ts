/**
 * How a failed asynchronous invocation is retried, in `wick host` (every async event) and in server mode (timer
 * ticks) alike, as Lambda retries one: three attempts in all (the first and two retries) with the same event, the
 * retry after the nth failed attempt waiting n times the base delay.
 */
export const ASYNC_ATTEMPTS = 3;

/** Lambda's: a minute before the first retry, two before the second. `--retry-delay` sets it. */
export const DEFAULT_RETRY_DELAY_MS = 60_000;

/** The wait before the next attempt once `failedAttempts` have failed; undefined when the event has had them all. */
export function retryDelay(failedAttempts: number, baseDelayMs: number): number | undefined {
  return failedAttempts < ASYNC_ATTEMPTS ? baseDelayMs * failedAttempts : undefined;
}
