/**
 * What a driver does, on JSON text: the store encodes and checks values and arguments once, above every driver.
 * Each operation is atomic on its own, across every process that shares the driver's backing store.
 */
export interface StoreDriver {
  get(key: string): Promise<string | undefined>;
  /** `ttlMs` undefined: kept until deleted or overwritten. */
  set(key: string, value: string, ttlMs: number | undefined): Promise<void>;
  /** Whether a live value was there. */
  delete(key: string): Promise<boolean>;
  /** Adds `by` to the integer at key (absent: 0) and returns the sum; the key's TTL, if any, stays. Rejects a non-integer value with NotInteger. */
  incr(key: string, by: number): Promise<number>;
  /** Writes `value` only when the key now holds `expected` (undefined: only when absent); whether it wrote. */
  compareAndSet(key: string, expected: string | undefined, value: string, ttlMs: number | undefined): Promise<boolean>;
  /** Live entries whose key starts with `prefix`, in no particular order. */
  list(prefix: string): Promise<[key: string, value: string][]>;
  close(): Promise<void>;
}

/** A driver's answer to `incr` on a value that is not an integer: the store turns it into its StoreError. */
export class NotInteger extends Error {}
